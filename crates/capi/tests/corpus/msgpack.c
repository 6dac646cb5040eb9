/* msgpack 1.2.4's `msgpack._cmsgpack`: a Cython 3.3.0 module (the .c the
 * sdist ships) with two `cdef class`es over the buffer protocol: Packer
 * (its own growing buffer; bytes / bytearray / memoryview payloads, nested
 * dicts, lists and tuples, ints to 64 bits, floats, ExtType, Timestamp,
 * datetime with tzinfo, `default=`, strict types, bytes() / getbuffer())
 * and Unpacker (feed() of bytes / bytearray / memoryview in pieces, the
 * iterator protocol, unpack() / skip() / read_array_header(), its
 * max_*_len limits and BufferFull), and unpackb with its hooks and
 * options; errors raised from Cython code (TypeError, ValueError,
 * OverflowError, the package's own exception classes).
 *
 * Vectors: the sdist's test/ (test_pack, test_buffer, test_sequnpack,
 * test_extension, test_timestamp, test_limits, test_except, test_case,
 * test_memoryview, test_newspec, test_stricttype), single-threaded;
 * results compared line by line with CPython's.
 *
 * The package's Python parts, which neither host runs here, are made by
 * this driver, the same under both hosts: `msgpack.exceptions` (the
 * exception classes, each with one base; ExtraData without its own
 * __init__/__str__) and
 * `msgpack.ext` (ExtType and Timestamp as small C types with the fields
 * and validation the extension uses).
 */
#include "corpus.h"
#include <structmember.h>

/* ------------------------------------------------------------------ */
/*               msgpack.ext, as the extension uses it                */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *a; /* ExtType.code / Timestamp.seconds */
    PyObject *b; /* ExtType.data / Timestamp.nanoseconds */
} Pair;

static void pair_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((Pair *)self)->a);
    Py_XDECREF(((Pair *)self)->b);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *pair_make(PyTypeObject *type, PyObject *a, PyObject *b)
{
    Pair *p = (Pair *)type->tp_alloc(type, 0);
    if (p == NULL)
        return NULL;
    Py_INCREF(a);
    Py_INCREF(b);
    p->a = a;
    p->b = b;
    return (PyObject *)p;
}

/* ExtType(code, data): code an int in 0..127, data bytes. */
static PyObject *ext_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"code", "data", NULL};
    PyObject *code, *data;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:ExtType", names, &code, &data))
        return NULL;
    if (!PyLong_Check(code)) {
        PyErr_SetString(PyExc_TypeError, "code must be int");
        return NULL;
    }
    if (!PyBytes_Check(data)) {
        PyErr_SetString(PyExc_TypeError, "data must be bytes");
        return NULL;
    }
    long c = PyLong_AsLong(code);
    if (c == -1 && PyErr_Occurred())
        return NULL;
    if (c < 0 || c > 127) {
        PyErr_SetString(PyExc_ValueError, "code must be 0~127");
        return NULL;
    }
    return pair_make(type, code, data);
}

static PyObject *ext_repr(PyObject *self)
{
    return PyUnicode_FromFormat("ExtType(code=%R, data=%R)", ((Pair *)self)->a, ((Pair *)self)->b);
}

/* Timestamp(seconds, nanoseconds=0): ints, 0 <= nanoseconds < 10**9. */
static PyObject *ts_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"seconds", "nanoseconds", NULL};
    PyObject *sec, *nsec = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:Timestamp", names, &sec, &nsec))
        return NULL;
    PyObject *zero = PyLong_FromLong(0);
    if (zero == NULL)
        return NULL;
    if (nsec == NULL)
        nsec = zero;
    if (!PyLong_Check(sec) || !PyLong_Check(nsec)) {
        Py_DECREF(zero);
        PyErr_SetString(PyExc_TypeError, PyLong_Check(sec) ? "nanoseconds must be an integer" : "seconds must be an integer");
        return NULL;
    }
    long long ns = PyLong_AsLongLong(nsec);
    if (ns == -1 && PyErr_Occurred()) {
        Py_DECREF(zero);
        return NULL;
    }
    if (ns < 0 || ns >= 1000000000LL) {
        Py_DECREF(zero);
        PyErr_SetString(PyExc_ValueError, "nanoseconds must be a non-negative integer less than 999999999.");
        return NULL;
    }
    PyObject *r = pair_make(type, sec, nsec);
    Py_DECREF(zero);
    return r;
}

static PyObject *ts_repr(PyObject *self)
{
    return PyUnicode_FromFormat("Timestamp(seconds=%R, nanoseconds=%R)", ((Pair *)self)->a, ((Pair *)self)->b);
}

/* Equality of two objects of one Pair type, field by field. */
static PyObject *pair_richcompare(PyObject *x, PyObject *y, int op)
{
    if ((op != Py_EQ && op != Py_NE) || Py_TYPE(x) != Py_TYPE(y))
        Py_RETURN_NOTIMPLEMENTED;
    int eq = PyObject_RichCompareBool(((Pair *)x)->a, ((Pair *)y)->a, Py_EQ);
    if (eq == 1)
        eq = PyObject_RichCompareBool(((Pair *)x)->b, ((Pair *)y)->b, Py_EQ);
    if (eq < 0)
        return NULL;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static PyMemberDef ext_members[] = {
    {"code", T_OBJECT, offsetof(Pair, a), READONLY, NULL},
    {"data", T_OBJECT, offsetof(Pair, b), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};
static PyMemberDef ts_members[] = {
    {"seconds", T_OBJECT, offsetof(Pair, a), READONLY, NULL},
    {"nanoseconds", T_OBJECT, offsetof(Pair, b), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};
static PyType_Slot ext_slots[] = {
    {Py_tp_new, (void *)ext_new}, {Py_tp_dealloc, (void *)pair_dealloc},
    {Py_tp_repr, (void *)ext_repr}, {Py_tp_richcompare, (void *)pair_richcompare},
    {Py_tp_members, ext_members}, {0, NULL},
};
static PyType_Slot ts_slots[] = {
    {Py_tp_new, (void *)ts_new}, {Py_tp_dealloc, (void *)pair_dealloc},
    {Py_tp_repr, (void *)ts_repr}, {Py_tp_richcompare, (void *)pair_richcompare},
    {Py_tp_members, ts_members}, {0, NULL},
};
static PyType_Spec ext_spec = {"msgpack.ext.ExtType", sizeof(Pair), 0, Py_TPFLAGS_DEFAULT, ext_slots};
static PyType_Spec ts_spec = {"msgpack.ext.Timestamp", sizeof(Pair), 0, Py_TPFLAGS_DEFAULT, ts_slots};

static PyObject *ExtType, *Timestamp;

/* The package, msgpack.exceptions and msgpack.ext in sys.modules. */
static void make_package(void)
{
    PyObject *package = PyImport_AddModule("msgpack");
    PyObject *exceptions = PyImport_AddModule("msgpack.exceptions");
    PyObject *ext = PyImport_AddModule("msgpack.ext");
    if (package == NULL || exceptions == NULL || ext == NULL)
        bail("making the msgpack package failed");
    PyObject *path = PyList_New(0);
    if (path == NULL || PyModule_AddObject(package, "__path__", path) < 0)
        bail("msgpack.__path__");
    PyObject *unpack_exc = PyErr_NewException("msgpack.exceptions.UnpackException", NULL, NULL);
    PyObject *buffer_full = PyErr_NewException("msgpack.exceptions.BufferFull", unpack_exc, NULL);
    PyObject *out_of_data = PyErr_NewException("msgpack.exceptions.OutOfData", unpack_exc, NULL);
    /* FormatError and StackError derive from ValueError only here (they
       also derive from UnpackException in msgpack): pybuffer's classes
       have a single base. */
    PyObject *format_error = PyErr_NewException("msgpack.exceptions.FormatError", PyExc_ValueError, NULL);
    PyObject *stack_error = PyErr_NewException("msgpack.exceptions.StackError", PyExc_ValueError, NULL);
    PyObject *extra_data = PyErr_NewException("msgpack.exceptions.ExtraData", PyExc_ValueError, NULL);
    const char *names[] = {"UnpackException", "BufferFull", "OutOfData", "FormatError", "StackError", "ExtraData"};
    PyObject *classes[] = {unpack_exc, buffer_full, out_of_data, format_error, stack_error, extra_data};
    for (int i = 0; i < 6; i++) {
        if (classes[i] == NULL || PyModule_AddObjectRef(exceptions, names[i], classes[i]) < 0
            || PyModule_AddObject(package, names[i], classes[i]) < 0)
            bail("msgpack.exceptions.%s", names[i]);
    }
    ExtType = PyType_FromSpec(&ext_spec);
    Timestamp = PyType_FromSpec(&ts_spec);
    if (ExtType == NULL || Timestamp == NULL || PyModule_AddObjectRef(ext, "ExtType", ExtType) < 0
        || PyModule_AddObjectRef(ext, "Timestamp", Timestamp) < 0)
        bail("msgpack.ext");
}

/* Loads `path` as `msgpack._cmsgpack` (its relative imports resolve
   against the package). */
static PyObject *load_cmsgpack(const char *path)
{
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL)
        bail("dlopen %s: %s", path, dlerror());
    union { void *object; PyObject *(*function)(void); } entry;
    entry.object = dlsym(handle, "PyInit__cmsgpack");
    if (entry.function == NULL)
        bail("%s has no PyInit__cmsgpack", path);
    PyObject *m = entry.function();
    if (m == NULL || !PyObject_TypeCheck(m, &PyModuleDef_Type))
        bail("PyInit__cmsgpack() failed");
    PyModuleDef *def = (PyModuleDef *)m;
    PyObject *spec = PyModule_New("corpus_spec");
    PyObject *spec_name = PyUnicode_FromString("msgpack._cmsgpack");
    if (spec == NULL || spec_name == NULL || PyObject_SetAttrString(spec, "name", spec_name) < 0
        || PyObject_SetAttrString(spec, "parent", PyUnicode_FromString("msgpack")) < 0)
        bail("cannot make a module spec");
    PyObject *module = PyModule_FromDefAndSpec(def, spec);
    if (module == NULL)
        bail("PyModule_FromDefAndSpec failed");
    if (PyModule_ExecDef(module, def) < 0)
        bail("PyModule_ExecDef failed");
    Py_DECREF(spec_name);
    Py_DECREF(spec);
    corpus_module = module;
    return module;
}

/* ------------------------------------------------------------------ */
/*                               Vectors                              */
/* ------------------------------------------------------------------ */

static PyObject *Packer, *Unpacker, *unpackb;

/* Records packb(obj, **kw) -- Packer(**kw).pack(obj), as
   msgpack/__init__.py defines it -- and unpackb() of the result with
   `ukw`; for a large value (`summary`), whether it came back equal rather
   than its repr. `obj`, `kw` and `ukw` are stolen (NULL kw / ukw: none).
   The Packer is made outside the refcount checks, since it keeps its
   options. */
static void roundtrip_as(PyObject *obj, PyObject *kw, PyObject *ukw, int summary, const char *what)
{
    char label[256];
    if (obj == NULL)
        bail("building %s", what);
    snprintf(label, sizeof label, "packb(%s)", what);
    PyObject *no_args = PyTuple_New(0);
    PyObject *packer = no_args ? PyObject_Call(Packer, no_args, kw) : NULL;
    Py_XDECREF(no_args);
    Py_XDECREF(kw);
    PyObject *packed = NULL;
    if (packer == NULL) {
        print_record(NULL, label);
        tap(1, label);
    } else {
        packed = call_attr(packer, "pack", NULL, "(O)", obj);
        if (packed == NULL)
            record(packed, label);
        else
            packed = record_keep(packed, label);
        Py_DECREF(packer);
    }
    if (packed == NULL) {
        Py_XDECREF(ukw);
        Py_DECREF(obj);
        return;
    }
    snprintf(label, sizeof label, "unpackb(packb(%s))", what);
    PyObject *back = call(unpackb, ukw, "(O)", packed);
    if (back != NULL && summary) {
        take(back);
        int eq = PyObject_RichCompareBool(back, obj, Py_EQ);
        Py_DECREF(back);
        if (eq < 0)
            PyErr_Clear();
        record_value(eq > 0 ? Py_True : Py_False, label);
    } else {
        record(back, label);
    }
    Py_DECREF(packed);
    Py_DECREF(obj);
}

#define roundtrip(obj, kw, ukw, what) roundtrip_as((obj), (kw), (ukw), 0, (what))

/* Records unpackb(data[:n], **ukw); `ukw` stolen. */
static void unpack_bytes(const char *data, Py_ssize_t n, PyObject *ukw, const char *what)
{
    record(call(unpackb, ukw, "(y#)", data, n), what);
}

/* next(it), as a pending call (its result checked like call()'s). */
static PyObject *call_next(PyObject *it)
{
    begin_call(it);
    pending = 1;
    pending_args = PyTuple_New(0);
    pending_kwargs = NULL;
    iternextfunc next = Py_TYPE(it)->tp_iternext;
    pending_result = next ? next(it) : NULL;
    if (pending_result == NULL && !PyErr_Occurred())
        PyErr_SetNone(PyExc_StopIteration);
    return pending_result;
}

static void run(void)
{
    /* test_pack: every type, then options. */
    roundtrip(Py_BuildValue("(iiiiiiiiii)", 0, 1, 127, 128, 255, 256, 65535, 65536, -1, -32), NULL, NULL,
              "small and edge ints");
    roundtrip(Py_BuildValue("(LLLK)", -33LL, -129LL, -2147483649LL, 18446744073709551615ULL), NULL, NULL,
              "wide ints");
    roundtrip(Py_BuildValue("(ddd)", 1.0, -1.5, 1e300), NULL, NULL, "floats");
    roundtrip(Py_BuildValue("(d)", 1.5), kw_dict("{s:O}", "use_single_float", Py_True), NULL,
              "float, use_single_float");
    roundtrip(Py_BuildValue("(OOO)", Py_None, Py_True, Py_False), NULL, NULL, "None, True, False");
    roundtrip(Py_BuildValue("(sss)", "", "a", "\xc3\x84\xc3\xa4\xe3\x81\x82"), NULL, NULL, "str");
    roundtrip(Py_BuildValue("(y#y#)", "", (Py_ssize_t)0, "abc\0def", (Py_ssize_t)7), NULL, NULL, "bytes");
    roundtrip(Py_BuildValue("(y#y#)", "", (Py_ssize_t)0, "abc", (Py_ssize_t)3), kw_dict("{s:O}", "use_bin_type", Py_False),
              NULL, "bytes, use_bin_type=False");
    roundtrip(PyByteArray_FromStringAndSize("bytearray", 9), NULL, NULL, "bytearray");
    {
        PyObject *b = PyBytes_FromStringAndSize("memoryview payload", 18);
        roundtrip(PyMemoryView_FromObject(b), NULL, NULL, "memoryview");
        Py_DECREF(b);
    }
    roundtrip(Py_BuildValue("{s:i,s:[i,i,(i,s)],s:{}}", "a", 1, "b", 2, 3, 4, "x", "c"), NULL, NULL,
              "nested dict and lists");
    roundtrip(Py_BuildValue("[(ii)[i]]", 1, 2, 3), NULL, kw_dict("{s:O}", "use_list", Py_False),
              "nested lists, use_list=False");
    {
        PyObject *big = PyList_New(70000);
        for (Py_ssize_t i = 0; big && i < 70000; i++)
            PyList_SET_ITEM(big, i, PyLong_FromSsize_t(i * 7));
        roundtrip_as(big, NULL, NULL, 1, "list of 70000 ints (array 32)");
        PyObject *d = PyDict_New();
        for (int i = 0; d && i < 20; i++) {
            PyObject *k = PyUnicode_FromFormat("k%d", i), *v = PyLong_FromLong(i);
            PyDict_SetItem(d, k, v);
            Py_DECREF(k);
            Py_DECREF(v);
        }
        roundtrip_as(d, NULL, NULL, 1, "dict of 20 (map 16)");
        PyObject *s = PyUnicode_New(70000, 127);
        for (Py_ssize_t i = 0; s && i < 70000; i++)
            PyUnicode_WriteChar(s, i, 'a' + i % 26);
        roundtrip_as(s, NULL, NULL, 1, "str of 70000 (str 32)");
    }
    /* Errors from packing. */
    roundtrip(PyLong_FromString("18446744073709551616", NULL, 10), NULL, NULL, "2**64");
    roundtrip(PyLong_FromString("-9223372036854775809", NULL, 10), NULL, NULL, "-2**63-1");
    roundtrip(PySet_New(NULL), NULL, NULL, "set()");
    roundtrip(PyComplex_FromDoubles(1, 2), NULL, NULL, "complex");
    roundtrip(PyUnicode_DecodeUTF8("\xed\xa0\x80", 3, "surrogatepass"), NULL, NULL, "a lone surrogate");
    roundtrip(PyUnicode_DecodeUTF8("\xed\xa0\x80", 3, "surrogatepass"), kw_dict("{s:s}", "unicode_errors", "surrogatepass"),
              NULL, "a lone surrogate, unicode_errors=surrogatepass");
    {
        /* Deep nesting over the recursion limit. */
        PyObject *o = PyList_New(0);
        for (int i = 0; i < 600 && o; i++) {
            PyObject *n = PyList_New(1);
            PyList_SET_ITEM(n, 0, o);
            o = n;
        }
        roundtrip_as(o, NULL, NULL, 1, "list nested 600 deep");
    }
    /* default= */
    {
        PyObject *set = Py_BuildValue("[iii]", 3, 1, 2);
        PyObject *fs = PyFrozenSet_New(set);
        Py_DECREF(set);
        roundtrip(fs, kw_dict("{s:O}", "default", (PyObject *)&PyList_Type), NULL, "frozenset, default=list");
        roundtrip(PySet_New(NULL), kw_dict("{s:O}", "default", Py_None), NULL, "set, default=None");
        roundtrip(PyLong_FromLong(1), kw_dict("{s:i}", "default", 1), NULL, "default=1 (not callable)");
    }
    /* strict_types: a tuple subclass / a bool are packed by exact type. */
    roundtrip(Py_BuildValue("(ii)", 1, 2), kw_dict("{s:O}", "strict_types", Py_True), NULL,
              "tuple, strict_types=True");
    /* Timestamp and ExtType (test_extension, test_timestamp). */
    roundtrip(PyObject_CallFunction(ExtType, "(iy)", 42, "hello"), NULL, NULL, "ExtType(42, b'hello')");
    for (int n = 0; n <= 16; n++) {
        char data[17] = "0123456789abcdef";
        char label[64];
        snprintf(label, sizeof label, "ExtType(1, %d bytes)", n);
        roundtrip(PyObject_CallFunction(ExtType, "(iy#)", 1, data, (Py_ssize_t)n), NULL, NULL, label);
    }
    record(call(ExtType, NULL, "(iy)", 128, "x"), "ExtType(128, b'x')");
    roundtrip(PyObject_CallFunction(Timestamp, "(ii)", 1, 0), NULL, NULL, "Timestamp(1, 0) (ts 32)");
    roundtrip(PyObject_CallFunction(Timestamp, "(ii)", 1, 500), NULL, NULL, "Timestamp(1, 500) (ts 64)");
    roundtrip(PyObject_CallFunction(Timestamp, "(Li)", -1LL, 999999999), NULL, NULL, "Timestamp(-1, 999999999) (ts 96)");
    roundtrip(PyObject_CallFunction(Timestamp, "(Li)", 17179869184LL, 0), NULL, NULL, "Timestamp(2**34, 0) (ts 96)");
    roundtrip(PyObject_CallFunction(Timestamp, "(ii)", 1, 500), NULL, kw_dict("{s:i}", "timestamp", 1),
              "Timestamp, unpack timestamp=1 (float)");
    roundtrip(PyObject_CallFunction(Timestamp, "(ii)", 1, 500), NULL, kw_dict("{s:i}", "timestamp", 2),
              "Timestamp, unpack timestamp=2 (int ns)");
    roundtrip(PyObject_CallFunction(Timestamp, "(ii)", 86401, 3000), NULL, kw_dict("{s:i}", "timestamp", 3),
              "Timestamp, unpack timestamp=3 (datetime)");
    unpack_bytes("\xd6\xff\x00\x00\x00\x01", 6, NULL, "unpackb(fixext4 -1)");
    unpack_bytes("\xd7\xff\x00\x00\x07\xd0\x00\x00\x00\x01", 10, NULL, "unpackb(fixext8 -1)");
    unpack_bytes("\xd5\xff\x00\x01", 4, NULL, "unpackb(timestamp of 2 bytes)");
    {
        PyObject *dt_mod = PyImport_ImportModule("datetime");
        PyObject *tz = dt_mod ? PyObject_GetAttrString(dt_mod, "timezone") : NULL;
        PyObject *utc = tz ? PyObject_GetAttrString(tz, "utc") : NULL;
        PyObject *dt_type = dt_mod ? PyObject_GetAttrString(dt_mod, "datetime") : NULL;
        if (utc == NULL || dt_type == NULL)
            bail("datetime");
        PyObject *aware = PyObject_CallFunction(dt_type, "(iiiiiiiO)", 2000, 1, 2, 3, 4, 5, 6, utc);
        roundtrip(aware, kw_dict("{s:O}", "datetime", Py_True), kw_dict("{s:i}", "timestamp", 3),
                  "aware datetime, datetime=True");
        PyObject *naive = PyObject_CallFunction(dt_type, "(iii)", 2000, 1, 2);
        roundtrip(naive, kw_dict("{s:O}", "datetime", Py_True), NULL, "naive datetime, datetime=True");
        PyObject *aware2 = PyObject_CallFunction(dt_type, "(iiiiiiiO)", 1969, 12, 31, 23, 59, 59, 1, utc);
        roundtrip(aware2, kw_dict("{s:O}", "datetime", Py_True), NULL, "aware datetime before 1970");
        Py_DECREF(dt_type);
        Py_DECREF(utc);
        Py_DECREF(tz);
        Py_DECREF(dt_mod);
    }
    /* unpackb options, hooks and errors (test_case, test_obj, test_except, test_limits). */
    unpack_bytes("\x82\xa1\x61\x01\xa1\x62\x02", 7, kw_dict("{s:O}", "object_pairs_hook", (PyObject *)&PyList_Type),
                 "unpackb(map, object_pairs_hook=list)");
    unpack_bytes("\x81\x01\x02", 3, kw_dict("{s:O}", "strict_map_key", Py_True), "unpackb(map with int key, strict_map_key)");
    unpack_bytes("\x81\x01\x02", 3, kw_dict("{s:O}", "strict_map_key", Py_False), "unpackb(map with int key, strict_map_key=False)");
    unpack_bytes("\x81\x91\x01\x02", 4, kw_dict("{s:O}", "strict_map_key", Py_False), "unpackb(map with list key)");
    unpack_bytes("\xa3\xff\xfe\x41", 4, NULL, "unpackb(str of invalid utf-8)");
    unpack_bytes("\xa3\xff\xfe\x41", 4, kw_dict("{s:O}", "raw", Py_True), "unpackb(str, raw=True)");
    unpack_bytes("\xa3\xff\xfe\x41", 4, kw_dict("{s:s}", "unicode_errors", "replace"), "unpackb(str, unicode_errors=replace)");
    unpack_bytes("\xc1", 1, NULL, "unpackb(0xc1, reserved)");
    unpack_bytes("\x92\x01", 2, NULL, "unpackb(truncated array)");
    unpack_bytes("", 0, NULL, "unpackb(b'')");
    unpack_bytes("\x01\x02", 2, NULL, "unpackb(extra data)");
    unpack_bytes("\x93\x01\x02\x03", 4, kw_dict("{s:i}", "max_array_len", 2), "unpackb(array of 3, max_array_len=2)");
    unpack_bytes("\xa3" "abc", 4, kw_dict("{s:i}", "max_str_len", 2), "unpackb(str of 3, max_str_len=2)");
    unpack_bytes("\xc4\x03" "abc", 5, kw_dict("{s:i}", "max_bin_len", 2), "unpackb(bin of 3, max_bin_len=2)");
    unpack_bytes("\x81\x01\x02", 3, kw_dict("{s:i,s:O}", "max_map_len", 0, "strict_map_key", Py_False),
                 "unpackb(map of 1, max_map_len=0)");
    unpack_bytes("\xd4\x01\x02", 3, kw_dict("{s:i}", "max_ext_len", 0), "unpackb(fixext1, max_ext_len=0)");
    unpack_bytes("\xd4\x05\x07", 3, kw_dict("{s:O}", "ext_hook", (PyObject *)&PyTuple_Type),
                 "unpackb(fixext1, ext_hook=tuple)");
    unpack_bytes("\x91\x01", 2, kw_dict("{s:O}", "list_hook", (PyObject *)&PyTuple_Type), "unpackb([1], list_hook=tuple)");
    unpack_bytes("\x81\xa1\x61\x01", 4, kw_dict("{s:O}", "object_hook", (PyObject *)&PyList_Type), "unpackb({a:1}, object_hook=list)");
    unpack_bytes("\x81\xa1\x61\x01", 4, kw_dict("{s:O,s:O}", "object_hook", (PyObject *)&PyList_Type, "object_pairs_hook", (PyObject *)&PyList_Type),
                 "unpackb(both object hooks)");
    unpack_bytes("\x91\x01", 2, kw_dict("{s:i}", "list_hook", 1), "unpackb(list_hook=1)");
    {
        char deep[1200];
        memset(deep, 0x91, sizeof deep - 1);
        deep[sizeof deep - 1] = 0x01;
        unpack_bytes(deep, (Py_ssize_t)sizeof deep, NULL, "unpackb(array nested 1199 deep: StackError)");
    }
    {
        record(call(unpackb, NULL, "(i)", 1), "unpackb(1) (no buffer)");
        PyObject *b = PyByteArray_FromStringAndSize("\x93\x01\x02\x03", 4);
        record(call(unpackb, NULL, "(O)", b), "unpackb(bytearray)");
        PyObject *mv = PyMemoryView_FromObject(b);
        record(call(unpackb, NULL, "(O)", mv), "unpackb(memoryview)");
        PyObject *sliced = PySequence_GetSlice(mv, 1, 3);
        record(call(unpackb, NULL, "(O)", sliced), "unpackb(memoryview[1:3])");
        Py_XDECREF(sliced);
        Py_DECREF(mv);
        Py_DECREF(b);
    }

    /* Packer methods (test_pack, test_buffer). */
    {
        PyObject *p = keep(call(Packer, kw_dict("{s:O}", "autoreset", Py_False), "()"), "Packer(autoreset=False)");
        if (p != NULL) {
            record(call_attr(p, "pack", NULL, "(i)", 1), "pack(1) without autoreset");
            record(call_attr(p, "pack", NULL, "(s)", "two"), "pack('two')");
            record(call_attr(p, "pack_array_header", NULL, "(i)", 2), "pack_array_header(2)");
            record(call_attr(p, "pack_map_header", NULL, "(i)", 1), "pack_map_header(1)");
            record(call_attr(p, "pack_ext_type", NULL, "(iy)", 3, "xyz"), "pack_ext_type(3, b'xyz')");
            record(call_attr(p, "pack_map_pairs", NULL, "([(ii)])", 1, 2), "pack_map_pairs([(1, 2)])");
            record(call_attr(p, "bytes", NULL, "()"), "bytes()");
            /* The view holds the Packer: its bytes are taken before the
               call settles (which releases the view). */
            PyObject *mv = call_attr(p, "getbuffer", NULL, "()");
            PyObject *mb = mv ? PyBytes_FromObject(mv) : NULL;
            print_record(mb, "bytes(getbuffer())");
            tap(settle(0), "bytes(getbuffer())");
            Py_XDECREF(mb);
            record(call_attr(p, "pack_array_header", NULL, "(L)", 4294967296LL), "pack_array_header(2**32)");
            record(call_attr(p, "pack_ext_type", NULL, "(iy)", 200, "x"), "pack_ext_type(200, b'x')");
            record(call_attr(p, "reset", NULL, "()"), "reset()");
            record(call_attr(p, "bytes", NULL, "()"), "bytes() after reset");
            Py_DECREF(p);
        }
    }
    record(call(Packer, kw_dict("{s:i}", "default", 1), "()"), "Packer(default=1)");

    /* Unpacker (test_sequnpack, test_buffer, test_memoryview). */
    {
        PyObject *u = keep(call(Unpacker, NULL, "()"), "Unpacker()");
        const char *hallo = "\xa5hallo";
        for (int i = 0; i < 6; i++) {
            char label[64];
            take(call_attr(u, "feed", NULL, "(y#)", hallo + i, (Py_ssize_t)1));
            snprintf(label, sizeof label, "feed(byte %d of a str), next()", i);
            record(call_next(u), label);
        }
        PyObject *ba = PyByteArray_FromStringAndSize("\x93\x01\x02\x03\xc3", 5);
        take(call_attr(u, "feed", NULL, "(O)", ba));
        record(call_next(u), "feed(bytearray), next()");
        record(call_next(u), "next() again");
        record(call_next(u), "next() at the end");
        PyObject *mv = PyMemoryView_FromObject(ba);
        take(call_attr(u, "feed", NULL, "(O)", mv));
        record(call_attr(u, "unpack", NULL, "()"), "feed(memoryview), unpack()");
        record(call_attr(u, "read_array_header", NULL, "()"), "read_array_header()");
        record(call_attr(u, "unpack", NULL, "()"), "unpack() first item");
        record(call_attr(u, "skip", NULL, "()"), "skip()");
        record(call_attr(u, "unpack", NULL, "()"), "unpack() third item");
        record(call_attr(u, "unpack", NULL, "()"), "unpack() of a bool");
        record(call_attr(u, "unpack", NULL, "()"), "unpack() at the end: OutOfData");
        record(call_attr(u, "read_map_header", NULL, "()"), "read_map_header() at the end");
        record(call_attr(u, "tell", NULL, "()"), "tell()");
        record(call_attr(u, "feed", NULL, "(i)", 5), "feed(5)");
        Py_DECREF(mv);
        Py_DECREF(ba);
        Py_DECREF(u);

        u = keep(call(Unpacker, kw_dict("{s:i,s:i}", "read_size", 3, "max_buffer_size", 3), "()"),
                 "Unpacker(read_size=3, max_buffer_size=3)");
        record(call_attr(u, "feed", NULL, "(y)", "fo"), "feed(b'fo')");
        record(call_attr(u, "feed", NULL, "(y)", "ob"), "feed(b'ob'): BufferFull");
        record(call_attr(u, "feed", NULL, "(y)", "o"), "feed(b'o')");
        for (int i = 0; i < 4; i++)
            record(call_next(u), "next()");
        Py_DECREF(u);
        record(call(Unpacker, kw_dict("{s:i,s:i}", "read_size", 5, "max_buffer_size", 3), "()"),
               "Unpacker(read_size=5, max_buffer_size=3)");
        record(call(Unpacker, kw_dict("{s:O}", "object_hook", Py_True), "()"), "Unpacker(object_hook=True)");

        /* A large stream fed in pieces of 7 (test_buffer / test_sequnpack). */
        u = keep(call(Unpacker, kw_dict("{s:O}", "use_list", Py_False), "()"), "Unpacker(use_list=False)");
        PyObject *items = PyList_New(0);
        for (int i = 0; i < 300; i++) {
            PyObject *o = Py_BuildValue("{s:i,s:[is]}", "n", i * 1000003, "l", -i, "x");
            PyObject *packer = PyObject_CallNoArgs(Packer);
            PyObject *b = packer ? PyObject_CallMethod(packer, "pack", "(O)", o) : NULL;
            if (b == NULL)
                bail("packing item %d", i);
            Py_ssize_t n = PyBytes_GET_SIZE(b);
            for (Py_ssize_t off = 0; off < n; off += 7) {
                PyObject *piece = PyBytes_FromStringAndSize(PyBytes_AS_STRING(b) + off, off + 7 <= n ? 7 : n - off);
                PyObject *r = PyObject_CallMethod(u, "feed", "(O)", piece);
                Py_XDECREF(r);
                Py_DECREF(piece);
                PyObject *it;
                while ((it = PyIter_Next(u)) != NULL) {
                    PyList_Append(items, it);
                    Py_DECREF(it);
                }
                if (PyErr_Occurred())
                    bail("iterating the unpacker");
            }
            Py_DECREF(b);
            Py_DECREF(packer);
            Py_DECREF(o);
        }
        PyObject *count = PyLong_FromSsize_t(PyList_GET_SIZE(items));
        record_value(count, "items unpacked from a stream fed 7 bytes at a time");
        Py_DECREF(count);
        record_value(PyList_GET_ITEM(items, 299), "the last of them");
        Py_DECREF(items);
        Py_DECREF(u);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    make_package();
    PyObject *module = load_cmsgpack(argv[1]);
    Packer = attr(module, "Packer");
    Unpacker = attr(module, "Unpacker");
    unpackb = attr(module, "unpackb");
    run();
    return tap_done();
}
