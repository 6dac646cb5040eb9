/* Differential cases for the array module as C code reaches it through
 * PyImport_ImportModule("array") (Modules/arraymodule.c): the
 * constructor over every initializer kind and type code, item conversion
 * and overflow errors per type, every method, the sequence and mapping
 * protocols (slices with steps, slice assignment and deletion, concat,
 * repeat and their in-place forms), comparison, repr and iteration; the
 * buffer export (its fields per flags, the export count, and the
 * BufferError of every resize while exported); and C code reading and
 * writing the object through the struct declarations Cython's
 * cpython/array.pxd uses (its own copy of CPython 3.11's layout, as
 * Cython's generated code declares it), including its resize with
 * PyMem_Realloc and its clone through tp_alloc. Reference counts where
 * an operation holds or gives back objects.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* CPython 3.11's layout, declared by the C code itself (as Cython's
   arrayarray.h does). */
struct arrayobject;
struct arraydescr {
    char typecode;
    int itemsize;
    PyObject *(*getitem)(struct arrayobject *, Py_ssize_t);
    int (*setitem)(struct arrayobject *, Py_ssize_t, PyObject *);
    int (*compareitems)(const void *, const void *, Py_ssize_t);
    const char *formats;
    int is_integer_type;
    int is_signed;
};
struct arrayobject {
    PyObject_VAR_HEAD
    union {
        char *ob_item;
        float *as_floats;
        double *as_doubles;
        int *as_ints;
        unsigned int *as_uints;
        unsigned char *as_uchars;
        signed char *as_schars;
        char *as_chars;
        long *as_longs;
        unsigned long *as_ulongs;
        long long *as_longlongs;
        unsigned long long *as_ulonglongs;
        short *as_shorts;
        unsigned short *as_ushorts;
        wchar_t *as_pyunicodes;
        void *as_voidptr;
    } data;
    Py_ssize_t allocated;
    const struct arraydescr *ob_descr;
    PyObject *weakreflist;
    Py_ssize_t ob_exports;
};

static PyObject *array_mod;
static PyObject *ArrayType;

/* array(tc, init), `init` stolen (NULL: its error). */
static PyObject *make(const char *tc, PyObject *init)
{
    if (init == NULL)
        return NULL;
    PyObject *r = PyObject_CallFunction(ArrayType, "sO", tc, init);
    Py_DECREF(init);
    return r;
}

#define MK(tc, ...) make(tc, Py_BuildValue(__VA_ARGS__))

/* The result `r` dropped and `a` shown instead (the state after a
   mutation); NULL keeps the error. */
static PyObject *then(PyObject *r, PyObject *a)
{
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    Py_INCREF(a);
    return a;
}

static PyObject *call(PyObject *o, const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = fmt ? Py_VaBuildValue(fmt, va) : PyTuple_New(0);
    va_end(va);
    if (args == NULL)
        return NULL;
    if (!PyTuple_Check(args)) {
        PyObject *t = PyTuple_Pack(1, args);
        Py_DECREF(args);
        if (t == NULL)
            return NULL;
        args = t;
    }
    PyObject *m = PyObject_GetAttrString(o, name);
    if (m == NULL) {
        Py_DECREF(args);
        return NULL;
    }
    PyObject *r = PyObject_Call(m, args, NULL);
    Py_DECREF(m);
    Py_DECREF(args);
    return r;
}

static PyObject *big(const char *digits)
{
    return PyLong_FromString(digits, NULL, 0);
}

static PyObject *slice3(Py_ssize_t a, Py_ssize_t b, Py_ssize_t c)
{
    PyObject *sa = PyLong_FromSsize_t(a), *sb = PyLong_FromSsize_t(b), *sc = PyLong_FromSsize_t(c);
    PyObject *s = PySlice_New(sa, sb, sc);
    Py_DECREF(sa);
    Py_DECREF(sb);
    Py_DECREF(sc);
    return s;
}

/* Slice with None bounds, step `c`. */
static PyObject *slice_step(Py_ssize_t c)
{
    PyObject *sc = PyLong_FromSsize_t(c);
    PyObject *s = PySlice_New(NULL, NULL, sc);
    Py_DECREF(sc);
    return s;
}

static PyObject *getitem(PyObject *a, PyObject *key)
{
    if (key == NULL)
        return NULL;
    PyObject *r = PyObject_GetItem(a, key);
    Py_DECREF(key);
    return r;
}

static PyObject *setitem(PyObject *a, PyObject *key, PyObject *v)
{
    if (key == NULL || v == NULL) {
        Py_XDECREF(key);
        Py_XDECREF(v);
        return NULL;
    }
    int r = PyObject_SetItem(a, key, v);
    Py_DECREF(key);
    Py_DECREF(v);
    if (r < 0)
        return NULL;
    Py_INCREF(a);
    return a;
}

static PyObject *delitem(PyObject *a, PyObject *key)
{
    if (key == NULL)
        return NULL;
    int r = PyObject_DelItem(a, key);
    Py_DECREF(key);
    if (r < 0)
        return NULL;
    Py_INCREF(a);
    return a;
}

static PyObject *boolean(int r)
{
    if (r < 0)
        return NULL;
    return PyBool_FromLong(r);
}

static PyObject *binop(PyObject *(*f)(PyObject *, PyObject *), PyObject *a, PyObject *b)
{
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return NULL;
    }
    PyObject *r = f(a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

static PyObject *cmp(PyObject *a, PyObject *b, int op)
{
    if (a == NULL || b == NULL) {
        Py_XDECREF(a);
        Py_XDECREF(b);
        return NULL;
    }
    PyObject *r = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

static PyObject *hash_of(PyObject *o)
{
    Py_hash_t h = PyObject_Hash(o);
    if (h == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromSsize_t(h);
}

static struct arrayobject *AO(PyObject *o)
{
    return (struct arrayobject *)o;
}

static void module_cases(void)
{
    CASE_OBJ("typecodes", PyObject_GetAttrString(array_mod, "typecodes"));
    begin("ArrayType is array");
    {
        PyObject *a = PyObject_GetAttrString(array_mod, "array");
        put("-> %d", a == ArrayType);
        Py_XDECREF(a);
    }
    end();
    CASE_OBJ("type repr", PyObject_Repr(ArrayType));
    begin("tp_basicsize == sizeof(struct arrayobject)");
    put("-> %d", ((PyTypeObject *)ArrayType)->tp_basicsize == (Py_ssize_t)sizeof(struct arrayobject));
    end();
    CASE_OBJ("array.__module__", PyObject_GetAttrString(ArrayType, "__module__"));
    CASE_OBJ("array.__name__", PyObject_GetAttrString(ArrayType, "__name__"));
    CASE_OBJ("array[int] (no __class_getitem__ in 3.11)", getitem(ArrayType, (Py_INCREF(&PyLong_Type), (PyObject *)&PyLong_Type)));
    CASE_OBJ("'append' in dir-less getattr", boolean(PyObject_HasAttrString(ArrayType, "append")));
    CASE_OBJ("array.typecode (a descriptor)", PyObject_GetAttrString(ArrayType, "typecode") ? PyUnicode_FromString("ok") : NULL);
}

static void constructor_cases(void)
{
    const char *codes = "bBhHiIlLqQfd";
    for (const char *c = codes; *c; c++) {
        char tc[2] = {*c, 0};
        char what[64];
        snprintf(what, sizeof what, "array('%s', [1, 2, 3])", tc);
        CASE_OBJ(what, MK(tc, "[iii]", 1, 2, 3));
    }
    CASE_OBJ("array('u', 'abc')", MK("u", "s", "abc"));
    CASE_OBJ("array('u', 'h\\xe9\\u20ac\\U0001f600')", make("u", PyUnicode_FromString("h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80")));
    CASE_OBJ("array('u', ['a', 'b'])", MK("u", "[ss]", "a", "b"));
    CASE_OBJ("array('u', '')", MK("u", "s", ""));
    CASE_OBJ("array('i', (4, 5))", MK("i", "(ii)", 4, 5));
    CASE_OBJ("array('B', b'abc')", MK("B", "y", "abc"));
    CASE_OBJ("array('h', b'\\x01\\x00\\x02\\x00')", make("h", PyBytes_FromStringAndSize("\x01\x00\x02\x00", 4)));
    CASE_OBJ("array('h', b'abc') (odd length)", MK("h", "y", "abc"));
    CASE_OBJ("array('b', bytearray(b'xy'))", make("b", PyByteArray_FromStringAndSize("xy", 2)));
    CASE_OBJ("array('d', range(3))", make("d", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3)));
    CASE_OBJ("array('i', iter([7, 8]))", make("i", PyObject_GetIter(Py_BuildValue("[ii]", 7, 8))));
    CASE_OBJ("array('i', {})", make("i", PyDict_New()));
    CASE_OBJ("array('i', array('i', [1, 2]))", make("i", MK("i", "[ii]", 1, 2)));
    CASE_OBJ("array('d', array('i', [1, 2]))", make("d", MK("i", "[ii]", 1, 2)));
    CASE_OBJ("array('b', array('d', [1.5]))", make("b", MK("d", "[d]", 1.5)));
    CASE_OBJ("array('i', array('u', 'a'))", make("i", MK("u", "s", "a")));
    CASE_OBJ("array('u', array('u', 'ab'))", make("u", MK("u", "s", "ab")));
    CASE_OBJ("array('i', 'abc')", MK("i", "s", "abc"));
    CASE_OBJ("array('i', 5)", MK("i", "i", 5));
    CASE_OBJ("array('x')", PyObject_CallFunction(ArrayType, "s", "x"));
    CASE_OBJ("array('x', 5) (iterable first)", MK("x", "i", 5));
    CASE_OBJ("array('x', [1])", MK("x", "[i]", 1));
    CASE_OBJ("array('ab')", PyObject_CallFunction(ArrayType, "s", "ab"));
    CASE_OBJ("array('')", PyObject_CallFunction(ArrayType, "s", ""));
    CASE_OBJ("array(1)", PyObject_CallFunction(ArrayType, "i", 1));
    CASE_OBJ("array()", PyObject_CallFunction(ArrayType, NULL));
    CASE_OBJ("array('i', [], 3)", PyObject_CallFunction(ArrayType, "s[]i", "i", 3));
    begin("array('i', typecode='i')");
    {
        PyObject *args = Py_BuildValue("(s)", "i");
        PyObject *kw = Py_BuildValue("{ss}", "typecode", "i");
        obj_result(PyObject_Call(ArrayType, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    end();
    begin("array('i', **{}) (empty kwargs)");
    {
        PyObject *args = Py_BuildValue("(s)", "i");
        PyObject *kw = PyDict_New();
        obj_result(PyObject_Call(ArrayType, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    end();
}

static void conversion_cases(void)
{
    static const struct {
        const char *tc;
        const char *value;
    } ints[] = {
        {"b", "127"}, {"b", "-128"}, {"b", "128"}, {"b", "-129"},
        {"B", "0"}, {"B", "255"}, {"B", "-1"}, {"B", "256"},
        {"h", "32767"}, {"h", "-32768"}, {"h", "32768"}, {"h", "-32769"},
        {"H", "65535"}, {"H", "-1"}, {"H", "65536"},
        {"i", "2147483647"}, {"i", "-2147483648"}, {"i", "2147483648"}, {"i", "-2147483649"},
        {"I", "4294967295"}, {"I", "-1"}, {"I", "4294967296"},
        {"l", "9223372036854775807"}, {"l", "-9223372036854775808"}, {"l", "9223372036854775808"},
        {"L", "18446744073709551615"}, {"L", "-1"}, {"L", "18446744073709551616"},
        {"q", "-9223372036854775808"}, {"q", "9223372036854775808"}, {"q", "-9223372036854775809"},
        {"Q", "18446744073709551615"}, {"Q", "-1"}, {"Q", "18446744073709551616"},
        {"d", "1" "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
        {"f", "16777217"},
    };
    for (size_t k = 0; k < sizeof ints / sizeof ints[0]; k++) {
        char what[400];
        snprintf(what, sizeof what, "array('%s', [%.40s])", ints[k].tc, ints[k].value);
        PyObject *v = big(ints[k].value);
        CASE_OBJ(what, make(ints[k].tc, v ? Py_BuildValue("[N]", v) : NULL));
    }
    const char *codes = "bBuhHiIlLqQfd";
    for (const char *c = codes; *c; c++) {
        char tc[2] = {*c, 0};
        char what[64];
        snprintf(what, sizeof what, "array('%s', [1.5])", tc);
        CASE_OBJ(what, MK(tc, "[d]", 1.5));
        snprintf(what, sizeof what, "array('%s', ['x'])", tc);
        CASE_OBJ(what, MK(tc, "[s]", "x"));
        snprintf(what, sizeof what, "array('%s', [None])", tc);
        CASE_OBJ(what, make(tc, Py_BuildValue("[O]", Py_None)));
        snprintf(what, sizeof what, "array('%s', [True])", tc);
        CASE_OBJ(what, make(tc, Py_BuildValue("[O]", Py_True)));
    }
    CASE_OBJ("array('u', ['ab'])", MK("u", "[s]", "ab"));
    CASE_OBJ("array('u', [''])", MK("u", "[s]", ""));
    CASE_OBJ("array('f', [1e300])", MK("f", "[d]", 1e300));
    CASE_OBJ("array('d', [2])", MK("d", "[i]", 2));
    CASE_OBJ("array('i', [1, 'x', 3])", MK("i", "[isi]", 1, "x", 3));
}

static void method_cases(void)
{
    PyObject *a = MK("i", "[iii]", 1, 2, 3);
    CASE_OBJ("a.append(4)", then(call(a, "append", "i", 4), a));
    CASE_OBJ("a.append('x')", then(call(a, "append", "s", "x"), a));
    CASE_OBJ("a after failed append", then(Py_NewRef(Py_None), a));
    CASE_OBJ("a.append()", call(a, "append", NULL));
    CASE_OBJ("a.extend([5, 6])", then(call(a, "extend", "([ii])", 5, 6), a));
    CASE_OBJ("a.extend(array('i', [7]))", then(call(a, "extend", "(N)", MK("i", "[i]", 7)), a));
    CASE_OBJ("a.extend(array('d', [7]))", call(a, "extend", "(N)", MK("d", "[i]", 7)));
    CASE_OBJ("a.extend(5)", call(a, "extend", "i", 5));
    CASE_OBJ("a.extend()", call(a, "extend", NULL));
    CASE_OBJ("a.extend(1, 2)", call(a, "extend", "ii", 1, 2));
    begin("a.extend(bb=[1])");
    {
        PyObject *m = PyObject_GetAttrString(a, "extend");
        PyObject *args = PyTuple_New(0);
        PyObject *kw = Py_BuildValue("{s[i]}", "bb", 1);
        obj_result(PyObject_Call(m, args, kw));
        Py_DECREF(m);
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    end();
    CASE_OBJ("a.extend([8, 'x', 9]) (partial)", then(call(a, "extend", "([isi])", 8, "x", 9), a));
    CASE_OBJ("a after partial extend", then(Py_NewRef(Py_None), a));
    CASE_OBJ("a.extend(a)", then(call(a, "extend", "(O)", a), a));
    Py_DECREF(a);

    a = MK("i", "[iii]", 1, 2, 3);
    CASE_OBJ("a.insert(0, 9)", then(call(a, "insert", "ii", 0, 9), a));
    CASE_OBJ("a.insert(-1, 8)", then(call(a, "insert", "ii", -1, 8), a));
    CASE_OBJ("a.insert(100, 7)", then(call(a, "insert", "ii", 100, 7), a));
    CASE_OBJ("a.insert(-100, 6)", then(call(a, "insert", "ii", -100, 6), a));
    CASE_OBJ("a.insert('a', 0)", call(a, "insert", "si", "a", 0));
    CASE_OBJ("a.insert(0)", call(a, "insert", "(i)", 0));
    CASE_OBJ("a.insert(2**100, 0)", call(a, "insert", "Ni", big("1267650600228229401496703205376"), 0));
    CASE_OBJ("a.pop(2**100)", call(a, "pop", "(N)", big("1267650600228229401496703205376")));
    CASE_OBJ("a.index(1, 2**100)", call(a, "index", "iN", 1, big("1267650600228229401496703205376")));
    CASE_OBJ("a.insert(0, 'x')", call(a, "insert", "is", 0, "x"));
    CASE_OBJ("a.pop()", call(a, "pop", NULL));
    CASE_OBJ("a.pop(0)", call(a, "pop", "(i)", 0));
    CASE_OBJ("a.pop(-2)", call(a, "pop", "(i)", -2));
    CASE_OBJ("a after pops", then(Py_NewRef(Py_None), a));
    CASE_OBJ("a.pop(10)", call(a, "pop", "(i)", 10));
    CASE_OBJ("a.pop(-10)", call(a, "pop", "(i)", -10));
    CASE_OBJ("a.pop('x')", call(a, "pop", "(s)", "x"));
    CASE_OBJ("a.pop(1, 2)", call(a, "pop", "ii", 1, 2));
    CASE_OBJ("array('i').pop()", call(MK("i", "[]"), "pop", NULL));
    CASE_OBJ("a.remove(1)", then(call(a, "remove", "(i)", 1), a));
    CASE_OBJ("a.remove(42)", call(a, "remove", "(i)", 42));
    CASE_OBJ("a.remove('x')", call(a, "remove", "(s)", "x"));
    Py_DECREF(a);

    a = MK("i", "[iiiiii]", 1, 2, 3, 1, 2, 3);
    CASE_OBJ("a.index(2)", call(a, "index", "(i)", 2));
    CASE_OBJ("a.index(2, 2)", call(a, "index", "ii", 2, 2));
    CASE_OBJ("a.index(2, -3)", call(a, "index", "ii", 2, -3));
    CASE_OBJ("a.index(2, 2, 4)", call(a, "index", "iii", 2, 2, 4));
    CASE_OBJ("a.index(2, -100, -5)", call(a, "index", "iii", 2, -100, -5));
    CASE_OBJ("a.index(2, 0, -5)", call(a, "index", "iii", 2, 0, -5));
    CASE_OBJ("a.index(9)", call(a, "index", "(i)", 9));
    CASE_OBJ("a.index(2.0)", call(a, "index", "(d)", 2.0));
    CASE_OBJ("a.index(2, 'a')", call(a, "index", "is", 2, "a"));
    CASE_OBJ("a.index(2, None)", call(a, "index", "iO", 2, Py_None));
    CASE_OBJ("a.index()", call(a, "index", NULL));
    CASE_OBJ("a.index(1, 2, 3, 4)", call(a, "index", "iiii", 1, 2, 3, 4));
    CASE_OBJ("a.count(3)", call(a, "count", "(i)", 3));
    CASE_OBJ("a.count(9)", call(a, "count", "(i)", 9));
    CASE_OBJ("a.count('x')", call(a, "count", "(s)", "x"));
    CASE_OBJ("a.count()", call(a, "count", NULL));
    CASE_OBJ("a.reverse()", then(call(a, "reverse", NULL), a));
    CASE_OBJ("a.reverse(1)", call(a, "reverse", "(i)", 1));
    CASE_OBJ("a.tolist()", call(a, "tolist", NULL));
    CASE_OBJ("a.tobytes()[:8]", getitem(call(a, "tobytes", NULL), slice3(0, 8, 1)));
    CASE_OBJ("a.__copy__()", call(a, "__copy__", NULL));
    CASE_OBJ("a.__deepcopy__({})", call(a, "__deepcopy__", "(N)", PyDict_New()));
    CASE_OBJ("a.__deepcopy__()", call(a, "__deepcopy__", NULL));
    CASE_OBJ("a.__sizeof__()", call(a, "__sizeof__", NULL));
    CASE_OBJ("array('d').__sizeof__()", call(MK("d", "[]"), "__sizeof__", NULL));
    CASE_OBJ("a.typecode", PyObject_GetAttrString(a, "typecode"));
    CASE_OBJ("a.itemsize", PyObject_GetAttrString(a, "itemsize"));
    begin("a.typecode = 'd'");
    int_result(PyObject_SetAttrString(a, "typecode", Py_None));
    end();
    CASE_OBJ("a.nonexistent", PyObject_GetAttrString(a, "nonexistent"));
    begin("a.buffer_info() == (ob_item, len)");
    {
        PyObject *bi = call(a, "buffer_info", NULL);
        if (bi == NULL) {
            obj_result(bi);
        } else {
            void *p = PyLong_AsVoidPtr(PyTuple_GetItem(bi, 0));
            Py_ssize_t n = PyLong_AsSsize_t(PyTuple_GetItem(bi, 1));
            put("-> %d %zd", p == (void *)AO(a)->data.ob_item, n);
            Py_DECREF(bi);
        }
    }
    end();
    begin("array('i').buffer_info()");
    {
        PyObject *e = MK("i", "[]");
        obj_result(call(e, "buffer_info", NULL));
        Py_DECREF(e);
    }
    end();
    Py_DECREF(a);

    const char *codes = "bBuhHiIlLqQfd";
    for (const char *c = codes; *c; c++) {
        char tc[2] = {*c, 0};
        char what[64];
        PyObject *b = *c == 'u' ? MK(tc, "s", "AB") : MK(tc, "[ii]", 1, 2);
        snprintf(what, sizeof what, "array('%s').byteswap() -> tobytes", tc);
        CASE_OBJ(what, binop(PyNumber_Add, then(call(b, "byteswap", NULL), b) ? call(b, "tobytes", NULL) : NULL, PyBytes_FromString("")));
        snprintf(what, sizeof what, "array('%s').itemsize", tc);
        CASE_OBJ(what, PyObject_GetAttrString(b, "itemsize"));
        Py_DECREF(b);
    }

    a = MK("h", "[ii]", 1, 2);
    CASE_OBJ("h.frombytes(b'\\x03\\x00')", then(call(a, "frombytes", "(y#)", "\x03\x00", (Py_ssize_t)2), a));
    CASE_OBJ("h.frombytes(bytearray(b'\\x04\\x00'))", then(call(a, "frombytes", "(N)", PyByteArray_FromStringAndSize("\x04\x00", 2)), a));
    CASE_OBJ("h.frombytes(b'abc')", call(a, "frombytes", "(y)", "abc"));
    CASE_OBJ("h.frombytes('ab')", call(a, "frombytes", "(s)", "ab"));
    CASE_OBJ("h.frombytes(array('h', [5]))", call(a, "frombytes", "(N)", MK("h", "[i]", 5)));
    CASE_OBJ("h.frombytes(array('B', [5, 0]))", then(call(a, "frombytes", "(N)", MK("B", "[ii]", 5, 0)), a));
    CASE_OBJ("h.frombytes(memoryview(b'\\x06\\x00'))", then(call(a, "frombytes", "(N)", PyMemoryView_FromObject(PyBytes_FromStringAndSize("\x06\x00", 2))), a));
    CASE_OBJ("h.frombytes(b'')", then(call(a, "frombytes", "(y)", ""), a));
    CASE_OBJ("h.frombytes()", call(a, "frombytes", NULL));
    CASE_OBJ("h.fromlist([7, 8])", then(call(a, "fromlist", "([ii])", 7, 8), a));
    CASE_OBJ("h.fromlist([9, 'x']) (unchanged)", call(a, "fromlist", "([is])", 9, "x"));
    CASE_OBJ("h after failed fromlist", then(Py_NewRef(Py_None), a));
    CASE_OBJ("h.fromlist((1,))", call(a, "fromlist", "((i))", 1));
    CASE_OBJ("h.fromlist([])", then(call(a, "fromlist", "([])"), a));
    CASE_OBJ("h.tounicode()", call(a, "tounicode", NULL));
    CASE_OBJ("h.fromunicode('a')", call(a, "fromunicode", "(s)", "a"));
    CASE_OBJ("h.fromfile(None, -1)", call(a, "fromfile", "Oi", Py_None, -1));
    CASE_OBJ("h.fromfile(None, 1)", call(a, "fromfile", "Oi", Py_None, 1));
    CASE_OBJ("h.fromfile(None)", call(a, "fromfile", "(O)", Py_None));
    CASE_OBJ("h.tofile(None)", call(a, "tofile", "(O)", Py_None));
    CASE_OBJ("h.tofile()", call(a, "tofile", NULL));
    CASE_OBJ("h.tofile(1, 2)", call(a, "tofile", "ii", 1, 2));
    CASE_OBJ("h.fromfile(1, 2, 3)", call(a, "fromfile", "iii", 1, 2, 3));
    CASE_OBJ("h.fromfile(None, 'x')", call(a, "fromfile", "Os", Py_None, "x"));
    CASE_OBJ("array('h').tofile(None)", call(MK("h", "[]"), "tofile", "(O)", Py_None));
    Py_DECREF(a);

    a = MK("u", "s", "ab");
    CASE_OBJ("u.tounicode()", call(a, "tounicode", NULL));
    CASE_OBJ("u.fromunicode('cd')", then(call(a, "fromunicode", "(s)", "cd"), a));
    CASE_OBJ("u.fromunicode('')", then(call(a, "fromunicode", "(s)", ""), a));
    CASE_OBJ("u.fromunicode(1)", call(a, "fromunicode", "(i)", 1));
    CASE_OBJ("u.fromunicode(b'x')", call(a, "fromunicode", "(y)", "x"));
    CASE_OBJ("u.append('e')", then(call(a, "append", "(s)", "e"), a));
    CASE_OBJ("u.append('ef')", call(a, "append", "(s)", "ef"));
    CASE_OBJ("u.tolist()", call(a, "tolist", NULL));
    CASE_OBJ("u.frombytes(b'\\x00\\x00\\x11\\x00') then tounicode", then(call(a, "frombytes", "(y#)", "\x00\x00\x11\x00", (Py_ssize_t)4), a));
    CASE_OBJ("u[-1]", PySequence_GetItem(a, -1));
    Py_DECREF(a);
    CASE_OBJ("array('u').tounicode()", call(MK("u", "[]"), "tounicode", NULL));
}

static int x_iter_self(PyObject *a)
{
    PyObject *it = PyObject_GetIter(a);
    if (it == NULL)
        return -1;
    PyObject *it2 = PyObject_GetIter(it);
    int r = it2 == it;
    Py_XDECREF(it2);
    Py_DECREF(it);
    return r;
}

static void sequence_cases(void)
{
    PyObject *a = MK("i", "[iiiii]", 0, 1, 2, 3, 4);
    CASE_OBJ("len(a)", PyLong_FromSsize_t(PyObject_Length(a)));
    CASE_OBJ("a[0]", PySequence_GetItem(a, 0));
    CASE_OBJ("PySequence_GetItem(a, -1)", PySequence_GetItem(a, -1));
    CASE_OBJ("a[5]", getitem(a, PyLong_FromLong(5)));
    CASE_OBJ("a[-6]", getitem(a, PyLong_FromLong(-6)));
    CASE_OBJ("a[-1] (mapping)", getitem(a, PyLong_FromLong(-1)));
    CASE_OBJ("a[True]", getitem(a, Py_NewRef(Py_True)));
    CASE_OBJ("a['x']", getitem(a, PyUnicode_FromString("x")));
    CASE_OBJ("a[1.5]", getitem(a, PyFloat_FromDouble(1.5)));
    CASE_OBJ("a[2**100]", getitem(a, big("1267650600228229401496703205376")));
    CASE_OBJ("a[1:3]", getitem(a, slice3(1, 3, 1)));
    CASE_OBJ("a[::2]", getitem(a, slice_step(2)));
    CASE_OBJ("a[::-1]", getitem(a, slice_step(-1)));
    CASE_OBJ("a[4:0:-2]", getitem(a, slice3(4, 0, -2)));
    CASE_OBJ("a[3:1]", getitem(a, slice3(3, 1, 1)));
    CASE_OBJ("a[-2:100]", getitem(a, slice3(-2, 100, 1)));
    CASE_OBJ("a[::0]", getitem(a, slice_step(0)));
    CASE_OBJ("PySequence_GetSlice(a, 1, 4)", PySequence_GetSlice(a, 1, 4));
    CASE_OBJ("2 in a", boolean(PySequence_Contains(a, PyLong_FromLong(2))));
    CASE_OBJ("9 in a", boolean(PySequence_Contains(a, PyLong_FromLong(9))));
    CASE_OBJ("'2' in a", boolean(PySequence_Contains(a, PyUnicode_FromString("2"))));
    CASE_OBJ("2.0 in a", boolean(PySequence_Contains(a, PyFloat_FromDouble(2.0))));
    CASE_OBJ("PySequence_Index(a, 3)", PyLong_FromSsize_t(PySequence_Index(a, PyLong_FromLong(3))));
    CASE_OBJ("PySequence_Count(a, 3)", PyLong_FromSsize_t(PySequence_Count(a, PyLong_FromLong(3))));
    CASE_OBJ("list(a)", PySequence_List(a));
    CASE_OBJ("tuple(a)", PySequence_Tuple(a));
    Py_DECREF(a);

    a = MK("i", "[iiiii]", 0, 1, 2, 3, 4);
    CASE_OBJ("a[0] = 10", setitem(a, PyLong_FromLong(0), PyLong_FromLong(10)));
    CASE_OBJ("a[-1] = 40", setitem(a, PyLong_FromLong(-1), PyLong_FromLong(40)));
    CASE_OBJ("a[5] = 1", setitem(a, PyLong_FromLong(5), PyLong_FromLong(1)));
    CASE_OBJ("a[-6] = 1", setitem(a, PyLong_FromLong(-6), PyLong_FromLong(1)));
    CASE_OBJ("a[0] = 'x'", setitem(a, PyLong_FromLong(0), PyUnicode_FromString("x")));
    CASE_OBJ("a[0] = 2**40", setitem(a, PyLong_FromLong(0), PyLong_FromLongLong(1LL << 40)));
    CASE_OBJ("a['x'] = 1", setitem(a, PyUnicode_FromString("x"), PyLong_FromLong(1)));
    begin("PySequence_SetItem(a, 1, 11)");
    int_result(PySequence_SetItem(a, 1, PyLong_FromLong(11)) < 0 ? -1 : 0);
    end();
    begin("PySequence_SetItem(a, 9, 11)");
    {
        PyObject *v = PyLong_FromLong(11);
        int_result(PySequence_SetItem(a, 9, v));
        Py_DECREF(v);
    }
    end();
    CASE_OBJ("a after item sets", then(Py_NewRef(Py_None), a));
    CASE_OBJ("a[1:3] = array('i', [7, 8, 9])", setitem(a, slice3(1, 3, 1), MK("i", "[iii]", 7, 8, 9)));
    CASE_OBJ("a[0:4] = array('i', [5])", setitem(a, slice3(0, 4, 1), MK("i", "[i]", 5)));
    CASE_OBJ("a[3:1] = array('i', [6])", setitem(a, slice3(3, 1, 1), MK("i", "[i]", 6)));
    CASE_OBJ("a[:] = a", setitem(a, slice_step(1), Py_NewRef(a)));
    CASE_OBJ("a[::2] = array('i', [1, 2])", setitem(a, slice_step(2), MK("i", "[ii]", 1, 2)));
    CASE_OBJ("a[::2] = array('i', [1])", setitem(a, slice_step(2), MK("i", "[i]", 1)));
    CASE_OBJ("a[::-1] = array('i', [1, 2, 3, 4])", setitem(a, slice_step(-1), MK("i", "[iiii]", 1, 2, 3, 4)));
    CASE_OBJ("a[::2] = a (extended, self)", setitem(a, slice_step(2), Py_NewRef(a)));
    CASE_OBJ("a[1:2] = [1]", setitem(a, slice3(1, 2, 1), Py_BuildValue("[i]", 1)));
    CASE_OBJ("a[1:2] = array('d', [1])", setitem(a, slice3(1, 2, 1), MK("d", "[d]", 1.0)));
    CASE_OBJ("a after slice sets", then(Py_NewRef(Py_None), a));
    begin("PySequence_SetSlice(a, 0, 1, array('i', [3, 3]))");
    {
        PyObject *v = MK("i", "[ii]", 3, 3);
        int_result(PySequence_SetSlice(a, 0, 1, v));
        Py_DECREF(v);
    }
    end();
    Py_DECREF(a);

    a = MK("i", "[iiiiiiiiii]", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    CASE_OBJ("del a[0]", delitem(a, PyLong_FromLong(0)));
    CASE_OBJ("del a[-1]", delitem(a, PyLong_FromLong(-1)));
    CASE_OBJ("del a[20]", delitem(a, PyLong_FromLong(20)));
    CASE_OBJ("del a[::3]", delitem(a, slice_step(3)));
    CASE_OBJ("del a[::-2]", delitem(a, slice_step(-2)));
    CASE_OBJ("del a[1:2]", delitem(a, slice3(1, 2, 1)));
    CASE_OBJ("del a[5:1]", delitem(a, slice3(5, 1, 1)));
    begin("PySequence_DelItem(a, 0)");
    int_result(PySequence_DelItem(a, 0));
    end();
    begin("PySequence_DelSlice(a, 0, 100)");
    int_result(PySequence_DelSlice(a, 0, 100));
    end();
    CASE_OBJ("a after deletes", then(Py_NewRef(Py_None), a));
    Py_DECREF(a);

    a = MK("i", "[iiiiiiiiiiiiiiiiiiii]", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    CASE_OBJ("del a[1:20:4]", delitem(a, slice3(1, 20, 4)));
    CASE_OBJ("del a[-1:0:-3]", delitem(a, slice3(-1, 0, -3)));
    Py_DECREF(a);

    a = MK("b", "[ii]", 1, 2);
    PyObject *b = MK("b", "[i]", 3);
    CASE_OBJ("a + b", PyNumber_Add(a, b));
    CASE_OBJ("PySequence_Concat(a, b)", PySequence_Concat(a, b));
    CASE_OBJ("a + [1]", binop(PyNumber_Add, Py_NewRef(a), Py_BuildValue("[i]", 1)));
    CASE_OBJ("PySequence_Concat(a, [1])", binop(PySequence_Concat, Py_NewRef(a), Py_BuildValue("[i]", 1)));
    CASE_OBJ("a + array('d')", binop(PyNumber_Add, Py_NewRef(a), MK("d", "[]")));
    CASE_OBJ("a * 3", PySequence_Repeat(a, 3));
    CASE_OBJ("a * 0", PySequence_Repeat(a, 0));
    CASE_OBJ("a * -1", PySequence_Repeat(a, -1));
    CASE_OBJ("3 * a (number protocol)", binop(PyNumber_Multiply, PyLong_FromLong(3), Py_NewRef(a)));
    CASE_OBJ("a * 2**62", PySequence_Repeat(a, (Py_ssize_t)1 << 62));
    CASE_OBJ("array('b') * 2**62", binop(PyNumber_Multiply, MK("b", "[]"), PyLong_FromSsize_t((Py_ssize_t)1 << 62)));
    CASE_OBJ("array('b', [0]) * 2**60 (allocation fails)", binop(PyNumber_Multiply, MK("b", "[i]", 0), PyLong_FromSsize_t((Py_ssize_t)1 << 60)));
    CASE_OBJ("array('d', [0]) * 2**61", binop(PyNumber_Multiply, MK("d", "[i]", 0), PyLong_FromSsize_t((Py_ssize_t)1 << 61)));
    CASE_OBJ("array('i', [1]) *= 2**62", binop(PyNumber_InPlaceMultiply, MK("i", "[i]", 1), PyLong_FromSsize_t((Py_ssize_t)1 << 62)));
    CASE_OBJ("array('b', [1]) *= 2**60 (allocation fails)", binop(PyNumber_InPlaceMultiply, MK("b", "[i]", 1), PyLong_FromSsize_t((Py_ssize_t)1 << 60)));
    CASE_OBJ("a * 'x'", binop(PyNumber_Multiply, Py_NewRef(a), PyUnicode_FromString("x")));
    CASE_OBJ("a += b", PySequence_InPlaceConcat(a, b));
    CASE_OBJ("a += [1]", binop(PyNumber_InPlaceAdd, Py_NewRef(a), Py_BuildValue("[i]", 1)));
    CASE_OBJ("a += array('h')", binop(PyNumber_InPlaceAdd, Py_NewRef(a), MK("h", "[]")));
    CASE_OBJ("a *= 2", PySequence_InPlaceRepeat(a, 2));
    CASE_OBJ("a *= 1", PySequence_InPlaceRepeat(a, 1));
    CASE_OBJ("a *= 0", PySequence_InPlaceRepeat(a, 0));
    CASE_OBJ("a *= 5 (empty)", PySequence_InPlaceRepeat(a, 5));
    Py_DECREF(a);
    Py_DECREF(b);

    CASE_OBJ("[1,2] == [1,2]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[ii]", 1, 2), Py_EQ));
    CASE_OBJ("[1,2] != [1,2]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[ii]", 1, 2), Py_NE));
    CASE_OBJ("[1,2] < [1,3]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[ii]", 1, 3), Py_LT));
    CASE_OBJ("[1,2] < [1,2,0]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[iii]", 1, 2, 0), Py_LT));
    CASE_OBJ("[1,2] >= [1,2,0]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[iii]", 1, 2, 0), Py_GE));
    CASE_OBJ("[1,2] == [1,2,0]", cmp(MK("i", "[ii]", 1, 2), MK("i", "[iii]", 1, 2, 0), Py_EQ));
    CASE_OBJ("[-1] < [1] ('b')", cmp(MK("b", "[i]", -1), MK("b", "[i]", 1), Py_LT));
    CASE_OBJ("[255] > [1] ('B')", cmp(MK("B", "[i]", 255), MK("B", "[i]", 1), Py_GT));
    CASE_OBJ("Q [2**64-1] > [1]", cmp(make("Q", Py_BuildValue("[N]", big("18446744073709551615"))), MK("Q", "[i]", 1), Py_GT));
    CASE_OBJ("i[1,2] == d[1,2]", cmp(MK("i", "[ii]", 1, 2), MK("d", "[dd]", 1.0, 2.0), Py_EQ));
    CASE_OBJ("i[1,2] < d[1,2.5]", cmp(MK("i", "[ii]", 1, 2), MK("d", "[dd]", 1.0, 2.5), Py_LT));
    CASE_OBJ("d[nan] == d[nan]", cmp(MK("d", "[d]", Py_NAN), MK("d", "[d]", Py_NAN), Py_EQ));
    CASE_OBJ("d[1] <= d[1]", cmp(MK("d", "[d]", 1.0), MK("d", "[d]", 1.0), Py_LE));
    CASE_OBJ("u'ab' < u'b'", cmp(MK("u", "s", "ab"), MK("u", "s", "b"), Py_LT));
    CASE_OBJ("i[1,2] == [1,2] (list)", cmp(MK("i", "[ii]", 1, 2), Py_BuildValue("[ii]", 1, 2), Py_EQ));
    CASE_OBJ("i[1,2] < [1,2] (list)", cmp(MK("i", "[ii]", 1, 2), Py_BuildValue("[ii]", 1, 2), Py_LT));
    CASE_OBJ("hash(array)", hash_of(a = MK("i", "[]")));
    Py_DECREF(a);
    CASE_OBJ("bool(array('i'))", boolean(PyObject_IsTrue(a = MK("i", "[]"))));
    Py_DECREF(a);
    CASE_OBJ("bool(array('i', [0]))", boolean(PyObject_IsTrue(a = MK("i", "[i]", 0))));
    Py_DECREF(a);

    CASE_OBJ("repr(array('i'))", PyObject_Repr(a = MK("i", "[]")));
    Py_DECREF(a);
    CASE_OBJ("repr(array('u'))", PyObject_Repr(a = MK("u", "s", "")));
    Py_DECREF(a);
    CASE_OBJ("repr(array('d', [0.1, -2]))", PyObject_Repr(a = MK("d", "[dd]", 0.1, -2.0)));
    Py_DECREF(a);
    CASE_OBJ("repr(array('f', [0.1]))", PyObject_Repr(a = MK("f", "[d]", 0.1)));
    Py_DECREF(a);
    CASE_OBJ("str(array('u', 'x\\'y'))", PyObject_Str(a = MK("u", "s", "x'y")));
    Py_DECREF(a);

    a = MK("i", "[ii]", 5, 6);
    begin("iter(a): type, items, exhausted, refcounts");
    {
        watch(a);
        PyObject *it = PyObject_GetIter(a);
        put("%s", Py_TYPE(it)->tp_name);
        put(" | held %zd", Py_REFCNT(a) - watched_refcnt[0]);
        PyObject *x;
        while ((x = PyIter_Next(it)) != NULL) {
            put(" ");
            put_repr(x);
            Py_DECREF(x);
        }
        put(" | after %zd", Py_REFCNT(a) - watched_refcnt[0]);
        x = PyIter_Next(it);
        put(" | again %s", x ? "item" : "NULL");
        Py_DECREF(it);
    }
    end();
    begin("iter sees appends");
    {
        PyObject *it = PyObject_GetIter(a);
        PyObject *x = PyIter_Next(it);
        Py_XDECREF(x);
        Py_XDECREF(call(a, "append", "(i)", 7));
        PyObject *l = PySequence_List(it);
        obj_result(l);
        Py_DECREF(it);
    }
    end();
    CASE_OBJ("iter(iter(a)) is self", boolean((x_iter_self(a))));
    Py_DECREF(a);
}

static void show_view(const char *what, PyObject *a, int flags)
{
    Py_buffer v;
    begin(what);
    if (PyObject_GetBuffer(a, &v, flags) < 0) {
        put("raised ");
        put_exception();
        end();
        return;
    }
    put("-> len=%zd itemsize=%zd ndim=%d readonly=%d format=%s shape=", v.len, v.itemsize, v.ndim, v.readonly,
        v.format ? v.format : "NULL");
    if (v.shape)
        put("%zd", v.shape[0]);
    else
        put("NULL");
    put(" strides=");
    if (v.strides)
        put("%zd", v.strides[0]);
    else
        put("NULL");
    put(" suboffsets=%s buf==ob_item %d obj==a %d exports=%zd", v.suboffsets ? "set" : "NULL",
        v.buf == (void *)AO(a)->data.ob_item, v.obj == a, AO(a)->ob_exports);
    PyBuffer_Release(&v);
    put(" after=%zd", AO(a)->ob_exports);
    end();
}

static void buffer_cases(void)
{
    PyObject *a = MK("i", "[iii]", 1, 2, 3);
    show_view("getbuffer(i, PyBUF_FULL_RO)", a, PyBUF_FULL_RO);
    show_view("getbuffer(i, PyBUF_SIMPLE)", a, PyBUF_SIMPLE);
    show_view("getbuffer(i, PyBUF_ND)", a, PyBUF_ND);
    show_view("getbuffer(i, PyBUF_STRIDES)", a, PyBUF_STRIDES);
    show_view("getbuffer(i, PyBUF_FORMAT)", a, PyBUF_FORMAT);
    show_view("getbuffer(i, PyBUF_WRITABLE)", a, PyBUF_WRITABLE);
    show_view("getbuffer(i, PyBUF_RECORDS)", a, PyBUF_RECORDS);
    const char *codes = "bBuhHiIlLqQfd";
    for (const char *c = codes; *c; c++) {
        char tc[2] = {*c, 0};
        char what[64];
        PyObject *b = *c == 'u' ? MK(tc, "s", "AB") : MK(tc, "[ii]", 1, 2);
        snprintf(what, sizeof what, "getbuffer(array('%s'), FULL)", tc);
        show_view(what, b, PyBUF_FULL);
        Py_DECREF(b);
    }
    begin("getbuffer(array('d') empty): buf non-NULL, len 0");
    {
        PyObject *e = MK("d", "[]");
        Py_buffer v;
        if (PyObject_GetBuffer(e, &v, PyBUF_FULL_RO) == 0) {
            put("-> buf %s len %zd shape %zd", v.buf ? "set" : "NULL", v.len, v.shape[0]);
            PyBuffer_Release(&v);
        } else {
            put_exception();
        }
        Py_DECREF(e);
    }
    end();
    begin("getbuffer holds a reference");
    {
        watch(a);
        Py_buffer v;
        PyObject_GetBuffer(a, &v, PyBUF_SIMPLE);
        put("held %zd", Py_REFCNT(a) - watched_refcnt[0]);
        PyBuffer_Release(&v);
    }
    end();
    CASE_OBJ("memoryview(a).tolist()", call(PyMemoryView_FromObject(a), "tolist", NULL));
    CASE_OBJ("memoryview(array('u', 'ab')).format", PyObject_GetAttrString(PyMemoryView_FromObject(a = MK("u", "s", "ab")), "format"));
    Py_DECREF(a);

    a = MK("i", "[iii]", 1, 2, 3);
    Py_buffer v;
    PyObject_GetBuffer(a, &v, PyBUF_FULL);
    ((int *)v.buf)[0] = 100;
    CASE_OBJ("write through the view", then(Py_NewRef(Py_None), a));
    CASE_OBJ("exported: append", call(a, "append", "(i)", 4));
    CASE_OBJ("exported: extend", call(a, "extend", "([i])", 4));
    CASE_OBJ("exported: extend([])", then(call(a, "extend", "([])"), a));
    CASE_OBJ("exported: insert", call(a, "insert", "ii", 0, 4));
    CASE_OBJ("exported: pop", call(a, "pop", NULL));
    CASE_OBJ("exported: remove", call(a, "remove", "(i)", 2));
    CASE_OBJ("exported: frombytes", call(a, "frombytes", "(y#)", "\0\0\0\0", (Py_ssize_t)4));
    CASE_OBJ("exported: fromlist", call(a, "fromlist", "([i])", 1));
    CASE_OBJ("exported: a += a", PySequence_InPlaceConcat(a, a));
    CASE_OBJ("exported: a *= 2", PySequence_InPlaceRepeat(a, 2));
    CASE_OBJ("exported: a *= 1", PySequence_InPlaceRepeat(a, 1));
    CASE_OBJ("exported: del a[0]", delitem(a, PyLong_FromLong(0)));
    CASE_OBJ("exported: del a[::2]", delitem(a, slice_step(2)));
    CASE_OBJ("exported: a[0:1] = array('i', [7, 7])", setitem(a, slice3(0, 1, 1), MK("i", "[ii]", 7, 7)));
    CASE_OBJ("exported: a[0:1] = array('i', [7])", setitem(a, slice3(0, 1, 1), MK("i", "[i]", 7)));
    CASE_OBJ("exported: a[1] = 8", setitem(a, PyLong_FromLong(1), PyLong_FromLong(8)));
    CASE_OBJ("exported: a[::2] = array('i', [5, 6])", setitem(a, slice_step(2), MK("i", "[ii]", 5, 6)));
    CASE_OBJ("exported: a[0:0] = array('i') (empty slice)", setitem(a, slice3(0, 0, 1), MK("i", "[]")));
    CASE_OBJ("exported: reverse", then(call(a, "reverse", NULL), a));
    CASE_OBJ("exported: byteswap twice", then(call(a, "byteswap", NULL), a) ? then(call(a, "byteswap", NULL), a) : NULL);
    begin("exported: ob_exports");
    put("-> %zd", AO(a)->ob_exports);
    end();
    PyBuffer_Release(&v);
    CASE_OBJ("released: append", then(call(a, "append", "(i)", 4), a));
    Py_DECREF(a);
}

/* What Cython's arrayarray.h does itself. */
static int cy_resize(struct arrayobject *self, Py_ssize_t n)
{
    void *items = (void *)self->data.ob_item;
    PyMem_Resize(items, char, (size_t)(n * self->ob_descr->itemsize));
    if (items == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->data.ob_item = (char *)items;
    Py_SET_SIZE(self, n);
    self->allocated = n;
    return 0;
}

static PyObject *cy_clone(PyObject *template, Py_ssize_t size)
{
    struct arrayobject *t = AO(template);
    PyTypeObject *type = Py_TYPE(template);
    struct arrayobject *op = (struct arrayobject *)type->tp_alloc(type, 0);
    if (op == NULL)
        return NULL;
    op->ob_descr = t->ob_descr;
    op->allocated = size;
    op->weakreflist = NULL;
    Py_SET_SIZE(op, size);
    if (size <= 0) {
        op->data.ob_item = NULL;
    } else {
        op->data.ob_item = PyMem_NEW(char, size * t->ob_descr->itemsize);
        if (op->data.ob_item == NULL) {
            Py_DECREF(op);
            return PyErr_NoMemory();
        }
    }
    return (PyObject *)op;
}

static void struct_cases(void)
{
    const char *codes = "bBuhHiIlLqQfd";
    for (const char *c = codes; *c; c++) {
        char tc[2] = {*c, 0};
        char what[64];
        PyObject *b = *c == 'u' ? MK(tc, "s", "AB") : MK(tc, "[ii]", 1, 2);
        const struct arraydescr *d = AO(b)->ob_descr;
        snprintf(what, sizeof what, "descr of '%s'", tc);
        begin(what);
        put("-> typecode=%c itemsize=%d formats=%s int=%d signed=%d cmp=%d size=%zd alloc=%zd", d->typecode,
            d->itemsize, d->formats, d->is_integer_type, d->is_signed, d->compareitems != NULL, Py_SIZE(b),
            AO(b)->allocated);
        end();
        snprintf(what, sizeof what, "descr typecode read as an int (Cython's arraydescr) '%s'", tc);
        begin(what);
        {
            int as_int;
            memcpy(&as_int, d, sizeof as_int);
            put("-> %d", as_int);
        }
        end();
        snprintf(what, sizeof what, "descr->getitem('%s', 1)", tc);
        CASE_OBJ(what, d->getitem(AO(b), 1));
        Py_DECREF(b);
    }
    PyObject *a = MK("i", "[iii]", 1, 2, 3);
    struct arrayobject *ao = AO(a);
    begin("as_ints / ob_size / weakreflist / ob_exports");
    put("-> %d %d %d size=%zd weak=%s exports=%zd", ao->data.as_ints[0], ao->data.as_ints[1], ao->data.as_ints[2],
        Py_SIZE(a), ao->weakreflist ? "set" : "NULL", ao->ob_exports);
    end();
    ao->data.as_ints[1] = -7;
    CASE_OBJ("after as_ints[1] = -7", then(Py_NewRef(Py_None), a));
    begin("descr->setitem(a, 0, 42)");
    {
        PyObject *v = PyLong_FromLong(42);
        int_result(ao->ob_descr->setitem(ao, 0, v));
        Py_DECREF(v);
    }
    end();
    begin("descr->setitem(a, -1, 'x') (check only)");
    {
        PyObject *v = PyUnicode_FromString("x");
        int_result(ao->ob_descr->setitem(ao, -1, v));
        Py_DECREF(v);
    }
    end();
    begin("descr->setitem(a, -1, 5) (check only)");
    {
        PyObject *v = PyLong_FromLong(5);
        int_result(ao->ob_descr->setitem(ao, -1, v));
        Py_DECREF(v);
    }
    end();
    begin("descr->compareitems");
    {
        int x[2] = {1, 5}, y[2] = {1, 6};
        put("-> %d %d %d", ao->ob_descr->compareitems(x, y, 2), ao->ob_descr->compareitems(y, x, 2),
            ao->ob_descr->compareitems(x, y, 1));
    }
    end();
    CASE_OBJ("a after setitem", then(Py_NewRef(Py_None), a));
    begin("allocated while appending 20 items");
    {
        PyObject *g = MK("i", "[]");
        for (int i = 0; i < 20; i++) {
            Py_XDECREF(call(g, "append", "(i)", i));
            put("%zd/%zd ", Py_SIZE(g), AO(g)->allocated);
        }
        for (int i = 0; i < 20; i++) {
            Py_XDECREF(call(g, "pop", NULL));
            put("%zd/%zd ", Py_SIZE(g), AO(g)->allocated);
        }
        put("null=%d", AO(g)->data.ob_item == NULL);
        Py_DECREF(g);
    }
    end();
    begin("Cython resize(a, 5) then fill");
    {
        int r = cy_resize(ao, 5);
        ao->data.as_ints[3] = 4;
        ao->data.as_ints[4] = 5;
        put("-> %d ", r);
        put_repr(a);
    }
    end();
    CASE_OBJ("append after Cython resize", then(call(a, "append", "(i)", 6), a));
    begin("Cython resize(a, 1) (shrink)");
    {
        int r = cy_resize(ao, 1);
        put("-> %d ", r);
        put_repr(a);
        put(" alloc=%zd", ao->allocated);
    }
    end();
    begin("Cython clone(a, 3) filled");
    {
        PyObject *c = cy_clone(a, 3);
        if (c) {
            AO(c)->data.as_ints[0] = 7;
            AO(c)->data.as_ints[1] = 8;
            AO(c)->data.as_ints[2] = 9;
            put("-> ");
            put_repr(c);
            PyObject *r = call(c, "append", "(i)", 10);
            Py_XDECREF(r);
            put(" ");
            put_repr(c);
            Py_DECREF(c);
        } else {
            put_exception();
        }
    }
    end();
    begin("Cython clone(a, 0)");
    {
        PyObject *c = cy_clone(a, 0);
        put("-> ");
        put_repr(c);
        PyObject *r = call(c, "extend", "([ii])", 1, 2);
        Py_XDECREF(r);
        put(" ");
        put_repr(c);
        Py_DECREF(c);
    }
    end();
    begin("Cython extend_buffer (resize_smart + memcpy)");
    {
        int extra[3] = {11, 12, 13};
        Py_ssize_t old = Py_SIZE(a);
        int r = cy_resize(ao, old + 3);
        memcpy(ao->data.as_chars + old * ao->ob_descr->itemsize, extra, sizeof extra);
        put("-> %d ", r);
        put_repr(a);
    }
    end();
    begin("weakref to an array");
    {
        PyObject *w = PyWeakref_NewRef(a, NULL);
        if (w == NULL) {
            put("raised ");
            put_exception();
        } else {
            put("-> alive=%d weakreflist=%s", PyWeakref_GetObject(w) == a, ao->weakreflist ? "set" : "NULL");
            Py_DECREF(w);
        }
    }
    end();
    Py_DECREF(a);
    begin("weakref cleared when the array dies");
    {
        PyObject *t = MK("i", "[]");
        PyObject *w = PyWeakref_NewRef(t, NULL);
        Py_DECREF(t);
        put("-> %s", w && PyWeakref_GetObject(w) == Py_None ? "dead" : "alive");
        Py_XDECREF(w);
    }
    end();
}

static void subclass_cases(void)
{
    PyType_Slot slots[] = {{0, NULL}};
    PyType_Spec spec = {"arraytest.Sub", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyObject *bases = PyTuple_Pack(1, ArrayType);
    PyObject *sub = PyType_FromSpecWithBases(&spec, bases);
    Py_DECREF(bases);
    if (sub == NULL) {
        begin("subclass");
        put("raised ");
        put_exception();
        end();
        return;
    }
    begin("Sub basicsize");
    put("-> %zd", ((PyTypeObject *)sub)->tp_basicsize - (Py_ssize_t)sizeof(struct arrayobject));
    end();
    PyObject *s = PyObject_CallFunction(sub, "s[ii]", "i", 1, 2);
    CASE_OBJ("Sub('i', [1, 2])", Py_XNewRef(s));
    if (s == NULL)
        return;
    CASE_OBJ("Sub('x')", PyObject_CallFunction(sub, "s", "x"));
    begin("Sub('i', x=1)");
    {
        PyObject *args = Py_BuildValue("(s)", "i");
        PyObject *kw = Py_BuildValue("{si}", "x", 1);
        obj_result(PyObject_Call(sub, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    end();
    begin("type(Sub[:]) is array");
    {
        PyObject *c = getitem(s, slice_step(1));
        put("-> %d", c != NULL && Py_TYPE(c) == (PyTypeObject *)ArrayType);
        Py_XDECREF(c);
    }
    end();
    CASE_OBJ("Sub + array", binop(PyNumber_Add, Py_NewRef(s), MK("i", "[i]", 3)));
    CASE_OBJ("array + Sub", binop(PyNumber_Add, MK("i", "[i]", 3), Py_NewRef(s)));
    CASE_OBJ("Sub == array", cmp(Py_NewRef(s), MK("i", "[ii]", 1, 2), Py_EQ));
    CASE_OBJ("Sub * 2", PySequence_Repeat(s, 2));
    CASE_OBJ("Sub.__copy__()", call(s, "__copy__", NULL));
    CASE_OBJ("Sub.append(3)", then(call(s, "append", "(i)", 3), s));
    CASE_OBJ("array('i', Sub)", make("i", Py_NewRef(s)));
    CASE_INT("Sub attribute set (no __dict__)", PyObject_SetAttrString(s, "tag", Py_None));
    Py_DECREF(s);
    Py_DECREF(sub);
}

static void refcount_cases(void)
{
    PyObject *a = MK("l", "[]");
    PyObject *v = PyLong_FromLong(123456789);
    begin("append(v) keeps no reference");
    watch(v);
    watch(a);
    obj_result(call(a, "append", "(O)", v));
    end();
    PyObject *l = Py_BuildValue("[OO]", v, v);
    begin("extend(list) keeps no reference");
    watch(l);
    watch(v);
    obj_result(call(a, "extend", "(O)", l));
    end();
    begin("array('l', list) keeps no reference");
    watch(l);
    watch(v);
    obj_result(PyObject_CallFunction(ArrayType, "sO", "l", l));
    end();
    PyObject *b = MK("l", "[i]", 5);
    begin("a + b keeps no reference");
    watch(a);
    watch(b);
    obj_result(PyNumber_Add(a, b));
    end();
    begin("a += b returns a new reference to a");
    watch(a);
    watch(b);
    {
        PyObject *r = PySequence_InPlaceConcat(a, b);
        put("same=%d ", r == a);
        Py_XDECREF(r);
    }
    end();
    begin("a[0] is a new object");
    watch(a);
    obj_result(PySequence_GetItem(a, 0));
    end();
    begin("a[:] is a new array");
    watch(a);
    {
        PyObject *s = PySequence_GetSlice(a, 0, 100);
        put("distinct=%d ", s != a);
        obj_result(s);
    }
    end();
    begin("a.__copy__() is a new array");
    watch(a);
    {
        PyObject *s = call(a, "__copy__", NULL);
        put("distinct=%d ", s != a);
        obj_result(s);
    }
    end();
    begin("fromlist(l) keeps no reference");
    watch(l);
    watch(v);
    obj_result(call(a, "fromlist", "(O)", l));
    end();
    begin("tolist() items");
    watch(a);
    obj_result(call(a, "tolist", NULL));
    end();
    Py_DECREF(l);
    Py_DECREF(v);
    Py_DECREF(a);
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    array_mod = PyImport_ImportModule("array");
    if (array_mod == NULL) {
        PyErr_Print();
        return 1;
    }
    ArrayType = PyObject_GetAttrString(array_mod, "array");
    module_cases();
    constructor_cases();
    conversion_cases();
    method_cases();
    sequence_cases();
    buffer_cases();
    struct_cases();
    subclass_cases();
    refcount_cases();
    Py_DECREF(ArrayType);
    Py_DECREF(array_mod);
    Py_Finalize();
    return 0;
}
