/* bitarray 3.12.3's `_bitarray` (the `_util` module is not built: it finds
 * the bitarray type through PyCapsule_Import("bitarray._bitarray._C_API"),
 * which needs the module registered as an importer registers it). A static
 * type using most protocols: sequence and mapping (integer, slice and mask
 * indexing, item and slice assignment and deletion), number (& | ^ ~ << >>
 * and their in-place forms), rich comparison, iteration, the buffer protocol
 * (exporting and importing), pickling through __reduce__, plus decodetree
 * and the iterators; pythoncapi_compat.h is included.
 *
 * Its PyInit imports collections.abc to register bitarray as a
 * MutableSequence. There is no Python standard library here, so when that
 * import fails the driver (as a host embedding bitarray would) provides a
 * collections.abc module whose MutableSequence.register records the class.
 *
 * Vectors: bitarray/test_bitarray.py -- construction from every initializer
 * and both endians, indexing, slicing with every step, assignment, bitwise
 * operators, count/find/search/index, encode/decode with a prefix code,
 * pack/unpack, tobytes/frombytes, repr and the errors with their messages.
 * Each result is recorded and compared with the CPython build's.
 */
#include "corpus.h"

static PyObject *module, *bitarray_type;
static PyObject *registered; /* what the stand-in MutableSequence.register got */

static PyObject *register_class(PyObject *self, PyObject *cls)
{
    (void)self;
    Py_XDECREF(registered);
    Py_INCREF(cls);
    registered = cls;
    Py_INCREF(cls);
    return cls;
}
static PyMethodDef REGISTER = {"register", register_class, METH_O, NULL};

/* collections.abc with MutableSequence.register, when there is none. */
static void provide_collections_abc(void)
{
    PyObject *abc = PyImport_ImportModule("collections.abc");
    if (abc != NULL) {
        Py_DECREF(abc);
        return;
    }
    PyErr_Clear();
    PyObject *m = PyImport_AddModule("collections.abc"); /* borrowed */
    PyObject *seq = PyModule_New("MutableSequence");
    PyObject *f = seq ? PyCFunction_New(&REGISTER, seq) : NULL;
    if (m == NULL || f == NULL || PyObject_SetAttrString(seq, "register", f) < 0 ||
        PyObject_SetAttrString(m, "MutableSequence", seq) < 0)
        bail("cannot provide collections.abc");
    Py_DECREF(f);
    Py_DECREF(seq);
}

/* Records a result no call() produced (a protocol call), then releases it. */
static void out(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

static void out_int(Py_ssize_t v, const char *what)
{
    if (v == -1 && PyErr_Occurred())
        out(NULL, what);
    else
        out(PyLong_FromSsize_t(v), what);
}

static PyObject *ba(const char *bits, const char *endian)
{
    PyObject *r = endian ? PyObject_Call(bitarray_type, Py_BuildValue("(s)", bits), Py_BuildValue("{s:s}", "endian", endian))
                         : PyObject_CallFunction(bitarray_type, "s", bits);
    if (r == NULL)
        bail("bitarray('%s') failed", bits);
    return r;
}

static void construction(void)
{
    char what[200];
    record(call(bitarray_type, NULL, "()"), "bitarray()");
    record(call(bitarray_type, NULL, "(i)", 0), "bitarray(0)");
    /* (Not bitarray(13) itself: its bits are left uninitialised.) */
    PyObject *sized = PyObject_CallFunction(bitarray_type, "i", 13);
    out_int(sized ? PySequence_Size(sized) : -1, "len(bitarray(13))");
    Py_XDECREF(sized);
    record(call(bitarray_type, NULL, "(s)", "0110 1 _0"), "bitarray('0110 1 _0') (whitespace and _)");
    record(call(bitarray_type, NULL, "(s)", "01x"), "bitarray('01x')");
    record(call(bitarray_type, NULL, "([iiiO])", 1, 0, 1, Py_True), "bitarray([1, 0, 1, True])");
    record(call(bitarray_type, NULL, "([i])", 2), "bitarray([2])");
    record(call(bitarray_type, NULL, "((ii))", 0, 1), "bitarray((0, 1))");
    record(call(bitarray_type, NULL, "(y)", "\x0f"), "bitarray(b'\\x0f')");
    record(call(bitarray_type, NULL, "(i)", -1), "bitarray(-1)");
    record(call(bitarray_type, NULL, "(d)", 1.5), "bitarray(1.5)");
    record(call(bitarray_type, NULL, "(O)", Py_None), "bitarray(None)");
    static const char *ENDIANS[] = {"big", "little", "middle"};
    for (int i = 0; i < 3; i++) {
        snprintf(what, sizeof what, "bitarray('1101', endian='%s')", ENDIANS[i]);
        record(call(bitarray_type, kw_dict("{s:s}", "endian", ENDIANS[i]), "(s)", "1101"), what);
        snprintf(what, sizeof what, "bitarray(b'\\x01\\x80', endian='%s').to01()", ENDIANS[i]);
        PyObject *b = record_keep(call(bitarray_type, kw_dict("{s:s}", "endian", ENDIANS[i]), "(y#)", "\x01\x80",
                                       (Py_ssize_t)2),
                                  what);
        if (b != NULL) {
            out(PyObject_CallMethod(b, "to01", NULL), what);
            out(PyObject_GetAttrString(b, "endian"), "its .endian");
            Py_DECREF(b);
        }
    }
    record(call(bitarray_type, kw_dict("{s:i}", "endian", 1), "(s)", "1"), "bitarray('1', endian=1)");
    /* from a buffer, sharing memory */
    PyObject *bytes = PyByteArray_FromStringAndSize("\xf0\x0f", 2);
    /* (Not through call(): the new bitarray keeps a reference to its
       buffer's exporter, as it should.) */
    PyObject *no_args = PyTuple_New(0), *kwargs = Py_BuildValue("{s:O}", "buffer", bytes);
    PyObject *shared = PyObject_Call(bitarray_type, no_args, kwargs);
    print_record(shared, "bitarray(buffer=bytearray(b'\\xf0\\x0f'))");
    Py_XINCREF(shared);
    tap(1, "bitarray(buffer=bytearray(b'\\xf0\\x0f'))");
    Py_XDECREF(shared);
    Py_DECREF(kwargs);
    if (shared != NULL) {
        out(PyObject_GetAttrString(shared, "readonly"), "its .readonly");
        PyByteArray_AS_STRING(bytes)[0] = 0x01;
        out(PyObject_Repr(shared), "after the bytearray changed under it");
        out(PyObject_CallMethod(shared, "append", "i", 1), "append to a buffer-imported bitarray");
        Py_DECREF(shared);
    }
    Py_DECREF(bytes);
    PyObject *ro = PyBytes_FromString("\xaa");
    kwargs = Py_BuildValue("{s:O}", "buffer", ro);
    PyObject *frozen = PyObject_Call(bitarray_type, no_args, kwargs);
    print_record(frozen, "bitarray(buffer=b'\\xaa')");
    Py_XINCREF(frozen);
    tap(1, "bitarray(buffer=b'\\xaa')");
    Py_XDECREF(frozen);
    Py_DECREF(kwargs);
    Py_DECREF(no_args);
    if (frozen != NULL) {
        out(PyObject_GetAttrString(frozen, "readonly"), "its .readonly");
        out(PyObject_CallMethod(frozen, "setall", "i", 1), "setall on a read-only one");
        Py_DECREF(frozen);
    }
    Py_DECREF(ro);
}

static void indexing(void)
{
    char what[200];
    PyObject *a = ba("0110100111010", NULL);
    static const Py_ssize_t IDX[] = {0, 1, 12, -1, -13, 13, -14};
    for (size_t i = 0; i < sizeof IDX / sizeof IDX[0]; i++) {
        snprintf(what, sizeof what, "a[%zd]", IDX[i]);
        out(PySequence_GetItem(a, IDX[i]), what);
    }
    static const struct {
        Py_ssize_t start, stop, step;
        int has_start, has_stop, has_step;
    } SL[] = {{1, 5, 0, 1, 1, 0}, {0, 0, -1, 0, 0, 1}, {2, 0, 3, 1, 0, 1}, {-3, 0, 0, 1, 0, 0},
              {10, 2, -2, 1, 1, 1}, {0, 100, 0, 0, 1, 0}, {-100, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 0, 1}};
    for (size_t i = 0; i < sizeof SL / sizeof SL[0]; i++) {
        PyObject *start = SL[i].has_start ? PyLong_FromSsize_t(SL[i].start) : NULL;
        PyObject *stop = SL[i].has_stop ? PyLong_FromSsize_t(SL[i].stop) : NULL;
        PyObject *step = SL[i].has_step ? PyLong_FromSsize_t(SL[i].step) : NULL;
        PyObject *s = PySlice_New(start, stop, step);
        PyObject *r = PyObject_Repr(s);
        snprintf(what, sizeof what, "a[%s]", PyUnicode_AsUTF8(r));
        out(PyObject_GetItem(a, s), what);
        Py_DECREF(r);
        Py_DECREF(s);
        Py_XDECREF(start);
        Py_XDECREF(stop);
        Py_XDECREF(step);
    }
    PyObject *key = PyUnicode_FromString("x");
    out(PyObject_GetItem(a, key), "a['x']");
    Py_DECREF(key);
    PyObject *mask = ba("1111000000001", NULL);
    out(PyObject_GetItem(a, mask), "a[mask] (a bitarray mask)");
    /* assignment and deletion */
    PyObject *b = PyObject_CallMethod(a, "copy", NULL);
    out_int(PySequence_SetItem(b, 0, Py_True), "b[0] = True");
    PyObject *two = PyLong_FromLong(2);
    out_int(PySequence_SetItem(b, 1, two), "b[1] = 2");
    Py_DECREF(two);
    out_int(PySequence_SetItem(b, 99, Py_True), "b[99] = True");
    PyObject *s = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    Py_DECREF(((PySliceObject *)s)->step);
    out_int(PyObject_SetItem(b, s, Py_False), "b[::2] = False");
    out(PyObject_Repr(b), "b");
    PyObject *src = ba("111", NULL);
    out_int(PyObject_SetItem(b, s, src), "b[::2] = bitarray('111') (size mismatch)");
    PyObject *s2 = PySlice_New(PyLong_FromLong(1), PyLong_FromLong(3), NULL);
    Py_DECREF(((PySliceObject *)s2)->start);
    Py_DECREF(((PySliceObject *)s2)->stop);
    out_int(PyObject_SetItem(b, s2, src), "b[1:3] = bitarray('111') (grows)");
    out(PyObject_Repr(b), "b");
    out_int(PyObject_DelItem(b, s), "del b[::2]");
    out(PyObject_Repr(b), "b");
    out_int(PySequence_DelItem(b, 0), "del b[0]");
    out_int(PyObject_SetItem(b, mask, Py_True), "b[mask] = True");
    out(PyObject_Repr(b), "b");
    out_int(PyObject_DelItem(a, mask), "del a[mask]");
    out(PyObject_Repr(a), "a");
    Py_DECREF(s);
    Py_DECREF(s2);
    Py_DECREF(src);
    Py_DECREF(b);
    Py_DECREF(mask);
    Py_DECREF(a);
}

static void operators(void)
{
    PyObject *x = ba("110010", NULL), *y = ba("101011", NULL), *z = ba("1", NULL), *l = ba("110010", "little");
    out(PyNumber_And(x, y), "x & y");
    out(PyNumber_Or(x, y), "x | y");
    out(PyNumber_Xor(x, y), "x ^ y");
    out(PyNumber_Invert(x), "~x");
    out(PyNumber_And(x, z), "x & bitarray('1') (lengths differ)");
    out(PyNumber_And(x, l), "x & little-endian (endians differ)");
    PyObject *n = PyLong_FromLong(2), *neg = PyLong_FromLong(-1);
    out(PyNumber_Lshift(x, n), "x << 2");
    out(PyNumber_Rshift(x, n), "x >> 2");
    out(PyNumber_Lshift(x, neg), "x << -1");
    out(PyNumber_Multiply(x, n), "x * 2");
    out(PySequence_Repeat(x, 0), "x * 0");
    out(PySequence_Concat(x, y), "x + y");
    out(PyNumber_Add(x, n), "x + 2");
    PyObject *c = PyObject_CallMethod(x, "copy", NULL);
    PyObject *r = PyNumber_InPlaceXor(c, y);
    out(PyObject_Repr(c), "c ^= y");
    Py_XDECREF(r);
    r = PyNumber_InPlaceLshift(c, n);
    out(PyObject_Repr(c), "c <<= 2");
    Py_XDECREF(r);
    r = PySequence_InPlaceConcat(c, z);
    out(PyObject_Repr(c), "c += bitarray('1')");
    Py_XDECREF(r);
    static const int OPS[] = {Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
    static const char *NAMES[] = {"<", "<=", "==", "!=", ">", ">="};
    char what[100];
    for (int i = 0; i < 6; i++) {
        snprintf(what, sizeof what, "x %s y", NAMES[i]);
        out(PyObject_RichCompare(x, y, OPS[i]), what);
        snprintf(what, sizeof what, "x %s little-endian x", NAMES[i]);
        out(PyObject_RichCompare(x, l, OPS[i]), what);
    }
    out(PyObject_RichCompare(x, n, Py_EQ), "x == 2");
    out_int(PyObject_Hash(x), "hash(x)");
    out_int(PySequence_Contains(x, z), "bitarray('1') in x");
    out_int(PySequence_Contains(x, Py_True), "True in x");
    out_int(PySequence_Contains(x, n), "2 in x");
    out_int(PyObject_IsTrue(x), "bool(x)");
    out_int(PySequence_Size(y), "len(y)");
    /* iteration */
    PyObject *it = PyObject_GetIter(y);
    PyObject *items = PyList_New(0);
    PyObject *v;
    while (it && (v = PyIter_Next(it)) != NULL) {
        PyList_Append(items, v);
        Py_DECREF(v);
    }
    out(items, "list(iter(y))");
    Py_XDECREF(it);
    Py_DECREF(n);
    Py_DECREF(neg);
    Py_DECREF(c);
    Py_DECREF(x);
    Py_DECREF(y);
    Py_DECREF(z);
    Py_DECREF(l);
}

static void methods(void)
{
    PyObject *a = ba("0110100111010011", NULL);
    record(call_attr(a, "count", NULL, "()"), "a.count()");
    record(call_attr(a, "count", NULL, "(i)", 0), "a.count(0)");
    record(call_attr(a, "count", NULL, "(iii)", 1, 2, 10), "a.count(1, 2, 10)");
    record(call_attr(a, "count", NULL, "(iiii)", 1, 0, 16, 3), "a.count(1, 0, 16, 3)");
    record(call_attr(a, "count", NULL, "(i)", 2), "a.count(2)");
    record(call_attr(a, "find", NULL, "(s)", "111"), "a.find('111')");
    record(call_attr(a, "find", NULL, "(i)", 1), "a.find(1)");
    record(call_attr(a, "find", kw_dict("{s:O}", "right", Py_True), "(i)", 1), "a.find(1, right=True)");
    record(call_attr(a, "find", NULL, "(s)", "0000"), "a.find('0000')");
    record(call_attr(a, "index", NULL, "(s)", "0000"), "a.index('0000')");
    record(call_attr(a, "search", NULL, "(s)", "01"), "a.search('01') (an iterator)");
    PyObject *found = PyObject_CallMethod(a, "search", "s", "01");
    out(found ? PySequence_List(found) : NULL, "list(a.search('01'))");
    Py_XDECREF(found);
    record(call_attr(a, "to01", NULL, "()"), "a.to01()");
    record(call_attr(a, "to01", NULL, "(i)", 4), "a.to01(4)");
    record(call_attr(a, "to01", NULL, "(is)", 4, "-"), "a.to01(4, '-')");
    record(call_attr(a, "tobytes", NULL, "()"), "a.tobytes()");
    record(call_attr(a, "tolist", NULL, "()"), "a.tolist()");
    record(call_attr(a, "all", NULL, "()"), "a.all()");
    record(call_attr(a, "any", NULL, "()"), "a.any()");
    record(call_attr(a, "buffer_info", NULL, "()"), "a.buffer_info() (address recorded)");
    record(call_attr(a, "unpack", NULL, "()"), "a.unpack()");
    record(call_attr(a, "unpack", kw_dict("{s:y,s:y}", "zero", "0", "one", "1"), "()"), "a.unpack(zero=b'0', one=b'1')");
    record(call_attr(a, "__reduce__", NULL, "()"), "a.__reduce__()");
    record(call_attr(a, "__sizeof__", NULL, "()"), "a.__sizeof__()");
    PyObject *b = PyObject_CallMethod(a, "copy", NULL);
    record(call_attr(b, "append", NULL, "(i)", 1), "b.append(1)");
    record(call_attr(b, "append", NULL, "(i)", 2), "b.append(2)");
    record(call_attr(b, "extend", NULL, "(s)", "0011"), "b.extend('0011')");
    record(call_attr(b, "extend", NULL, "([ii])", 1, 1), "b.extend([1, 1])");
    record(call_attr(b, "insert", NULL, "(ii)", 3, 1), "b.insert(3, 1)");
    record(call_attr(b, "pop", NULL, "()"), "b.pop()");
    record(call_attr(b, "pop", NULL, "(i)", 0), "b.pop(0)");
    record(call_attr(b, "pop", NULL, "(i)", 99), "b.pop(99)");
    record(call_attr(b, "remove", NULL, "(i)", 0), "b.remove(0)");
    record(call_attr(b, "reverse", NULL, "()"), "b.reverse()");
    record(call_attr(b, "invert", NULL, "()"), "b.invert()");
    record(call_attr(b, "invert", NULL, "(i)", -1), "b.invert(-1)");
    record(call_attr(b, "sort", NULL, "()"), "b.sort()");
    record(call_attr(b, "sort", kw_dict("{s:O}", "reverse", Py_True), "()"), "b.sort(reverse=True)");
    record(call_attr(b, "bytereverse", NULL, "()"), "b.bytereverse()");
    record(call_attr(b, "fill", NULL, "()"), "b.fill()");
    record(call_attr(b, "frombytes", NULL, "(y)", "\x81"), "b.frombytes(b'\\x81')");
    record(call_attr(b, "pack", NULL, "(y#)", "\x00\x01\x02", (Py_ssize_t)3), "b.pack(b'\\x00\\x01\\x02')");
    record(call_attr(b, "setall", NULL, "(i)", 0), "b.setall(0)");
    out(PyObject_Repr(b), "b");
    record(call_attr(b, "clear", NULL, "()"), "b.clear()");
    out(PyObject_Repr(b), "b");
    Py_DECREF(b);
    /* prefix codes: encode / decode, and decodetree */
    PyObject *code = Py_BuildValue("{s:N,s:N,s:N}", "a", ba("0", NULL), "b", ba("10", NULL), "c", ba("11", NULL));
    PyObject *e = ba("", NULL);
    record(call_attr(e, "encode", NULL, "(Os)", code, "abcab"), "e.encode(code, 'abcab')");
    record(call_attr(e, "decode", NULL, "(O)", code), "list(e.decode(code))");
    PyObject *it = PyObject_CallMethod(e, "decode", "O", code);
    out(it ? PySequence_List(it) : NULL, "list(e.decode(code))");
    Py_XDECREF(it);
    record(call_attr(e, "encode", NULL, "(Os)", code, "abx"), "e.encode(code, 'abx')");
    PyObject *tree_type = attr(module, "decodetree");
    PyObject *tree = record_keep(call(tree_type, NULL, "(O)", code), "decodetree(code)");
    if (tree != NULL) {
        record(call_attr(tree, "nodes", NULL, "()"), "tree.nodes()");
        record(call_attr(tree, "todict", NULL, "()"), "tree.todict()");
        Py_DECREF(tree);
    }
    PyObject *bad = Py_BuildValue("{s:N,s:N}", "a", ba("0", NULL), "b", ba("01", NULL));
    record(call(tree_type, NULL, "(O)", bad), "decodetree with a non-prefix code");
    Py_DECREF(bad);
    Py_DECREF(tree_type);
    Py_DECREF(code);
    Py_DECREF(e);
    /* buffer protocol: export */
    Py_buffer view;
    int got = PyObject_GetBuffer(a, &view, PyBUF_SIMPLE);
    out(got == 0 ? PyBytes_FromStringAndSize(view.buf, view.len) : NULL, "the bytes a exports (PyBUF_SIMPLE)");
    out(PyObject_CallMethod(a, "append", "i", 1), "a.append(1) while a buffer is exported");
    if (got == 0)
        PyBuffer_Release(&view);
    out(PyObject_CallMethod(a, "append", "i", 1), "a.append(1) after release");
    got = PyObject_GetBuffer(a, &view, PyBUF_WRITABLE | PyBUF_FORMAT);
    out(got == 0 ? PyUnicode_FromString(view.format) : NULL, "a's writable buffer's format");
    if (got == 0)
        PyBuffer_Release(&view);
    Py_DECREF(a);
}

static void module_functions(void)
{
    PyObject *f = attr(module, "bits2bytes");
    record(call(f, NULL, "(i)", 0), "bits2bytes(0)");
    record(call(f, NULL, "(i)", 9), "bits2bytes(9)");
    record(call(f, NULL, "(s)", "9"), "bits2bytes('9')");
    record(call(f, NULL, "(i)", -1), "bits2bytes(-1)");
    PyObject *big = PyLong_FromString("100000000000000000000000000000", NULL, 10);
    record(call(f, NULL, "(O)", big), "bits2bytes(10**29)");
    Py_DECREF(big);
    Py_DECREF(f);
    f = attr(module, "get_default_endian");
    record(call(f, NULL, "()"), "get_default_endian()");
    Py_DECREF(f);
    f = attr(module, "sysinfo");
    static const char *KEYS[] = {"void*", "size_t", "bitarrayobject", "decodetreeobject", "binode", "HAVE_BUILTIN_BSWAP64",
                                 "PY_LITTLE_ENDIAN", "PY_BIG_ENDIAN", "nonsense"};
    char what[100];
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        snprintf(what, sizeof what, "sysinfo('%s')", KEYS[i]);
        record(call(f, NULL, "(s)", KEYS[i]), what);
    }
    Py_DECREF(f);
    PyObject *version = attr(module, "BITARRAY_VERSION");
    record_value(version, "BITARRAY_VERSION");
    Py_DECREF(version);
}

static void run(PyObject *m, const char *sdist)
{
    (void)sdist;
    module = m;
    bitarray_type = attr(module, "bitarray");
    expect_true(registered == NULL || registered == bitarray_type,
                "PyInit registered bitarray with collections.abc.MutableSequence");
    construction();
    indexing();
    operators();
    methods();
    module_functions();
    Py_DECREF(bitarray_type);
    Py_XDECREF(registered);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    provide_collections_abc();
    run(load_module(argv[1], "_bitarray"), argv[2]);
    return tap_done();
}
