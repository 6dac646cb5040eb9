/* cbor2 5.6.5's `_cbor2`: the C CBOR codec (CBOREncoder, CBORDecoder,
 * dumps/loads, CBORTag, the CBORSimpleValue struct sequence, undefined,
 * break_marker). Single-phase init with static types, a struct sequence
 * type from PyStructSequence_InitType2, PyErr_NewExceptionWithDoc
 * hierarchies with multiple bases, the datetime C API; decoding long
 * strings in chunks with PyUnicode_DecodeUTF8Stateful.
 *
 * Neither host runs cbor2's Python layer here, so the driver does what its
 * __init__.py does for the C module: sets `_cbor2.default_encoders` and
 * `canonical_encoders` (type -> CBOREncoder method). The codec reads and
 * writes through io.BytesIO; where the host has no `io` (pybuffer had none
 * before its BytesIO), the driver provides one with the read/write/getvalue
 * it uses.
 *
 * Vectors: tests/test_decoder.py's payloads (all but the tags whose
 * decoders import decimal, fractions, re, email, uuid or ipaddress, which
 * pybuffer does not provide, the fuzzed payload that reaches tag 36, the
 * MIME decoder, before its end, and the set of strings, whose order
 * follows CPython's per-process string hashes), each decoded with loads()
 * and its result encoded again with dumps() (and canonical=True); test_encoder.py's
 * argument errors and CBORSimpleValue/CBORTag checks. Results are
 * recorded and compared with CPython's.
 */
#include "corpus.h"

/* ------------------------------------------------------------------ */
/*                  A BytesIO for hosts without `io`                  */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *buf; /* bytearray */
    Py_ssize_t pos;
} BytesIOObject;

static int bio_init(PyObject *op, PyObject *args, PyObject *kw)
{
    BytesIOObject *self = (BytesIOObject *)op;
    PyObject *initial = NULL;
    (void)kw;
    if (!PyArg_ParseTuple(args, "|O:BytesIO", &initial))
        return -1;
    /* io.BytesIO takes a bytes-like object only (a str raises "a
     * bytes-like object is required"), as the buffer protocol does. */
    Py_buffer view = {0};
    if (initial != NULL && PyObject_GetBuffer(initial, &view, PyBUF_SIMPLE) < 0)
        return -1;
    self->buf = PyByteArray_FromStringAndSize(initial ? view.buf : NULL, initial ? view.len : 0);
    if (initial != NULL)
        PyBuffer_Release(&view);
    self->pos = 0;
    return self->buf ? 0 : -1;
}

static void bio_dealloc(PyObject *op)
{
    PyTypeObject *tp = Py_TYPE(op);
    Py_XDECREF(((BytesIOObject *)op)->buf);
    tp->tp_free(op);
    Py_DECREF(tp);
}

static PyObject *bio_read(PyObject *op, PyObject *args)
{
    BytesIOObject *self = (BytesIOObject *)op;
    Py_ssize_t n = -1;
    if (!PyArg_ParseTuple(args, "|n:read", &n))
        return NULL;
    Py_ssize_t left = PyByteArray_GET_SIZE(self->buf) - self->pos;
    if (left < 0)
        left = 0;
    if (n < 0 || n > left)
        n = left;
    PyObject *r = PyBytes_FromStringAndSize(PyByteArray_AS_STRING(self->buf) + self->pos, n);
    self->pos += n;
    return r;
}

static PyObject *bio_write(PyObject *op, PyObject *data)
{
    BytesIOObject *self = (BytesIOObject *)op;
    Py_buffer view;
    if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    PyObject *chunk = PyBytes_FromStringAndSize(view.buf, view.len);
    Py_ssize_t n = view.len;
    PyBuffer_Release(&view);
    if (chunk == NULL)
        return NULL;
    PyObject *joined = PySequence_InPlaceConcat(self->buf, chunk);
    Py_DECREF(chunk);
    if (joined == NULL)
        return NULL;
    Py_DECREF(joined);
    self->pos = PyByteArray_GET_SIZE(self->buf);
    return PyLong_FromSsize_t(n);
}

static PyObject *bio_getvalue(PyObject *op, PyObject *unused)
{
    (void)unused;
    return PyBytes_FromObject(((BytesIOObject *)op)->buf);
}

static PyMethodDef bio_methods[] = {
    {"read", bio_read, METH_VARARGS, NULL},
    {"write", bio_write, METH_O, NULL},
    {"getvalue", bio_getvalue, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot bio_slots[] = {
    {Py_tp_init, (void *)bio_init},
    {Py_tp_dealloc, (void *)bio_dealloc},
    {Py_tp_methods, bio_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec bio_spec = {"io.BytesIO", sizeof(BytesIOObject), 0, Py_TPFLAGS_DEFAULT, bio_slots};

static void provide_io(void)
{
    PyObject *io = PyImport_ImportModule("io");
    if (io != NULL) {
        Py_DECREF(io);
        return;
    }
    PyErr_Clear();
    PyObject *m = PyImport_AddModule("io"); /* borrowed */
    PyObject *t = m ? PyType_FromSpec(&bio_spec) : NULL;
    if (t == NULL || PyModule_AddObject(m, "BytesIO", t) < 0)
        bail("cannot provide io.BytesIO");
}

/* ------------------------------------------------------------------ */
/*                 What cbor2/__init__.py does for _cbor2             */
/* ------------------------------------------------------------------ */

static void add_encoder(PyObject *map, PyObject *encoder_type, PyObject *type, const char *method)
{
    PyObject *m = attr(encoder_type, method);
    if (PyDict_SetItem(map, type, m) < 0)
        bail("cannot register %s", method);
    Py_DECREF(m);
}

static void set_encoders(PyObject *module)
{
    PyObject *enc = attr(module, "CBOREncoder");
    PyObject *tag = attr(module, "CBORTag");
    PyObject *simple = attr(module, "CBORSimpleValue");
    PyObject *undefined = attr(module, "undefined");
    PyObject *dflt = PyDict_New();
    add_encoder(dflt, enc, (PyObject *)&PyBytes_Type, "encode_bytestring");
    add_encoder(dflt, enc, (PyObject *)&PyByteArray_Type, "encode_bytearray");
    add_encoder(dflt, enc, (PyObject *)&PyUnicode_Type, "encode_string");
    add_encoder(dflt, enc, (PyObject *)&PyLong_Type, "encode_int");
    add_encoder(dflt, enc, (PyObject *)&PyFloat_Type, "encode_float");
    add_encoder(dflt, enc, (PyObject *)&PyBool_Type, "encode_boolean");
    add_encoder(dflt, enc, (PyObject *)Py_TYPE(Py_None), "encode_none");
    add_encoder(dflt, enc, (PyObject *)&PyTuple_Type, "encode_array");
    add_encoder(dflt, enc, (PyObject *)&PyList_Type, "encode_array");
    add_encoder(dflt, enc, (PyObject *)&PyDict_Type, "encode_map");
    add_encoder(dflt, enc, (PyObject *)Py_TYPE(undefined), "encode_undefined");
    add_encoder(dflt, enc, tag, "encode_semantic");
    add_encoder(dflt, enc, simple, "encode_simple_value");
    add_encoder(dflt, enc, (PyObject *)&PySet_Type, "encode_set");
    add_encoder(dflt, enc, (PyObject *)&PyFrozenSet_Type, "encode_set");
    PyObject *canon = PyDict_New();
    add_encoder(canon, enc, (PyObject *)&PyFloat_Type, "encode_minimal_float");
    add_encoder(canon, enc, (PyObject *)&PyDict_Type, "encode_canonical_map");
    add_encoder(canon, enc, (PyObject *)&PySet_Type, "encode_canonical_set");
    add_encoder(canon, enc, (PyObject *)&PyFrozenSet_Type, "encode_canonical_set");
    if (PyObject_SetAttrString(module, "default_encoders", dflt) < 0
        || PyObject_SetAttrString(module, "canonical_encoders", canon) < 0)
        bail("cannot set the encoders");
    Py_DECREF(dflt);
    Py_DECREF(canon);
    Py_DECREF(enc);
    Py_DECREF(tag);
    Py_DECREF(simple);
    Py_DECREF(undefined);
}

/* ------------------------------------------------------------------ */
/*                              Vectors                               */
/* ------------------------------------------------------------------ */

static const char *PAYLOADS[] = {
    "d917706548656c6c6f", "00", "01", "0a", "17", "1818", "1819", "1864", "1903e8", "1a000f4240",
    "1b000000e8d4a51000", "1bffffffffffffffff", "c249010000000000000000", "3bffffffffffffffff",
    "c349010000000000000000", "20", "29", "3863", "3903e7", "f90000", "f98000", "f93c00",
    "fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000", "fa7f7fffff", "fb7e37e43c8800759c", "f90001",
    "f90400", "f9c400", "fbc010666666666666", "f97c00", "f9fc00", "fa7f800000", "faff800000",
    "fb7ff0000000000000", "fbfff0000000000000", "f97e00", "fa7fc00000", "fb7ff8000000000000", "f4", "f5",
    "f6", "f7", "40", "4401020304", "5a00011170", "60", "6161", "6449455446", "62225c", "62c3bc", "63e6b0b4",
    "7a00010001", "6198", "7a00010000", "7f6198ff",
    "80", "83010203", "8301820203820405", "a0",
    "a201020304", "a26161016162820203", "826161a161626163", "5f42010243030405ff",
    "7f657374726561646d696e67ff", "9fff", "9f018202039f0405ffff", "9f01820203820405ff", "83018202039f0405ff",
    "83019f0203ff820405", "bf61610161629f0203ffff", "826161bf61626163ff", "bf6346756ef563416d7421ff",
    "d901029f010203ff", "e0", "e2", "f3", "f820", "c11a514b67b0", "c11b9b9b9b0000000000",
    "c11b1616161616161616161616161616", "a6c11b00002401001b000000000000ff00", "d81d05",
    "d90102d81c82d81c82d81c83010203d81d02d81d02", "d81c81d81d00", "d81ca100d81d00",
    "d9010085656669727374d81900667365636f6e64d81900d81901", "85656669727374d81900667365636f6e64d81900d81901",
    "d9010086656669727374d81900667365636f6e64d81900d81901d81903", "d9d9f71903e8",
    "d9d9f7c249010000000000000000", "437879", "a1a1616161626163", "a182010203",
    "a1d901028301020304", "d9010282d90102820102d90102820304", "9b", "7b", "70717273", "5b", "70717273ff",
    "7f61777f6177ffff", "5f41775f4177ffff", "7f01ff", "5f01ff", "7f7bff0000000000000471717272ff",
    "5f5bff0000000000000471717272ff", "fc", "1c", "fd", "1d", "fe", "1e", "41", "61",
    NULL,
};

static PyObject *unhex(const char *hex)
{
    size_t n = strlen(hex) / 2;
    PyObject *b = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)n);
    if (b == NULL)
        bail("out of memory");
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(hex + 2 * i, "%2x", &v);
        PyBytes_AS_STRING(b)[i] = (char)v;
    }
    return b;
}

/* Records loads(payload); then dumps() of the result, plain and canonical. */
static void roundtrip(PyObject *module, PyObject *payload, const char *what)
{
    char line[200];
    PyObject *loads = attr(module, "loads");
    PyObject *dumps = attr(module, "dumps");
    snprintf(line, sizeof line, "loads(%.120s)", what);
    PyObject *v = record_keep(call(loads, NULL, "(O)", payload), line);
    tap(1, line);
    /* Not None: encoding it leaks references to None, on CPython too. */
    if (v != NULL && v != Py_None) {
        snprintf(line, sizeof line, "dumps(loads(%.120s))", what);
        record(call(dumps, NULL, "(O)", v), line);
        snprintf(line, sizeof line, "dumps(loads(%.120s), canonical=True)", what);
        record(call(dumps, kw_dict("{s:O}", "canonical", Py_True), "(O)", v), line);
    }
    Py_XDECREF(v);
    Py_DECREF(loads);
    Py_DECREF(dumps);
}

static void decoder_vectors(PyObject *module)
{
    for (int i = 0; PAYLOADS[i]; i++) {
        PyObject *p = unhex(PAYLOADS[i]);
        roundtrip(module, p, PAYLOADS[i]);
        Py_DECREF(p);
    }
    /* The long ones test_decoder.py builds: a 70000-byte bytestring, a
       string split across read chunks at a multi-byte character, and the
       same cut off inside it. */
    PyObject *p = PyBytes_FromStringAndSize(NULL, 5 + 70000);
    memcpy(PyBytes_AS_STRING(p), "\x5a\x00\x01\x11\x70", 5);
    memset(PyBytes_AS_STRING(p) + 5, 0x12, 70000);
    roundtrip(module, p, "5a00011170 + 12 * 70000");
    Py_DECREF(p);
    p = PyBytes_FromStringAndSize(NULL, 5 + 65535 + 2);
    memcpy(PyBytes_AS_STRING(p), "\x7a\x00\x01\x00\x01", 5);
    memset(PyBytes_AS_STRING(p) + 5, 0x61, 65535);
    memcpy(PyBytes_AS_STRING(p) + 5 + 65535, "\xc3\xb6", 2);
    roundtrip(module, p, "7a00010001 + 61 * 65535 + c3b6 (split_unicode)");
    Py_DECREF(p);
    p = PyBytes_FromStringAndSize(NULL, 5 + 65535 + 1);
    memcpy(PyBytes_AS_STRING(p), "\x7a\x00\x01\x00\x00", 5);
    memset(PyBytes_AS_STRING(p) + 5, 0x61, 65535);
    PyBytes_AS_STRING(p)[5 + 65535] = (char)0xc3;
    roundtrip(module, p, "7a00010000 + 61 * 65535 + c3 (invalid utf-8)");
    Py_DECREF(p);
    /* 23334 three-byte characters: 70002 (0x11172) bytes. */
    p = PyBytes_FromStringAndSize(NULL, 5 + 70002);
    memcpy(PyBytes_AS_STRING(p), "\x7a\x00\x01\x11\x72", 5);
    for (int i = 0; i < 70002; i += 3)
        memcpy(PyBytes_AS_STRING(p) + 5 + i, "\xe6\xb0\xb4", 3);
    roundtrip(module, p, "7a00011172 + e6b0b4 * 23334 (3-byte chars across chunks)");
    Py_DECREF(p);
}

static void encoder_vectors(PyObject *module)
{
    PyObject *dumps = attr(module, "dumps");
    PyObject *loads = attr(module, "loads");
    record(call(dumps, NULL, "(L)", (long long)-9223372036854775807LL - 1), "dumps(-2**63)");
    PyObject *big = PyLong_FromString("-18446744073709551617", NULL, 10);
    record(call(dumps, NULL, "(O)", big), "dumps(-2**64 - 1)");
    Py_DECREF(big);
    big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    record(call(dumps, NULL, "(O)", big), "dumps(big int)");
    Py_DECREF(big);
    record(call(dumps, NULL, "(d)", 1.5), "dumps(1.5)");
    record(call(dumps, kw_dict("{s:O}", "canonical", Py_True), "(d)", 1.5), "dumps(1.5, canonical=True)");
    record(call(dumps, kw_dict("{s:O}", "canonical", Py_True), "(d)", 0.1), "dumps(0.1, canonical=True)");
    record(call(dumps, NULL, "({s:i,s:i,s:i})", "b", 1, "a", 2, "aa", 3), "dumps({'b': 1, 'a': 2, 'aa': 3})");
    record(call(dumps, kw_dict("{s:O}", "canonical", Py_True), "({s:i,s:i,s:i})", "b", 1, "a", 2, "aa", 3),
           "dumps({'b': 1, 'a': 2, 'aa': 3}, canonical=True)");
    record(call(dumps, NULL, "(s)", "\xc3\xbc\xe6\xb0\xb4\xf0\x9d\x84\x9e"), "dumps('\\u00fc\\u6c34\\U0001d11e')");
    record(call(dumps, NULL, "(y#)", "\x00\x01", (Py_ssize_t)2), "dumps(b'\\x00\\x01')");
    PyObject *cyc = PyList_New(0);
    PyList_Append(cyc, cyc);
    record(call(dumps, NULL, "(O)", cyc), "dumps(self-containing list)");
    record(call(dumps, kw_dict("{s:O}", "value_sharing", Py_True), "(O)", cyc), "dumps(self-containing list, value_sharing=True)");
    PyList_SetSlice(cyc, 0, 1, NULL);
    Py_DECREF(cyc);
    record(call(dumps, kw_dict("{s:O}", "string_referencing", Py_True), "([sss])", "abc", "abc", "abc"),
           "dumps(['abc'] * 3, string_referencing=True)");
    record(call(dumps, NULL, "(O)", (PyObject *)&PyLong_Type), "dumps(int)");
    record(call(dumps, NULL, "()"), "dumps()");
    record(call(loads, NULL, "()"), "loads()");
    record(call(loads, NULL, "(s)", "text"), "loads('text')");
    record(call(loads, NULL, "(y)", ""), "loads(b'')");

    PyObject *simple = attr(module, "CBORSimpleValue");
    record_value(simple, "CBORSimpleValue");
    PyObject *n = attr(simple, "n_sequence_fields");
    record_value(n, "CBORSimpleValue.n_sequence_fields");
    Py_DECREF(n);
    n = attr(simple, "__match_args__");
    record_value(n, "CBORSimpleValue.__match_args__");
    Py_DECREF(n);
    /* Made outside call(): the constructor keeps a reference to its
       argument (on CPython too), which call()'s baseline would flag. */
    PyObject *sv = PyObject_CallFunction(simple, "(i)", 123);
    print_record(sv, "CBORSimpleValue(123)");
    tap(1, "CBORSimpleValue(123)");
    if (sv != NULL) {
        record(call_attr(sv, "__reduce__", NULL, "()"), "CBORSimpleValue(123).__reduce__()");
        PyObject *v = attr(sv, "value");
        record_value(v, "CBORSimpleValue(123).value");
        Py_DECREF(v);
        record_value(PyTuple_Check(sv) ? Py_True : Py_False, "isinstance(CBORSimpleValue(123), tuple)");
        record(call(dumps, NULL, "(O)", sv), "dumps(CBORSimpleValue(123))");
        record(call_attr(sv, "__eq__", NULL, "(i)", 123), "CBORSimpleValue(123) == 123");
        Py_DECREF(sv);
    }
    record(call(simple, NULL, "(i)", 24), "CBORSimpleValue(24)");
    record(call(simple, NULL, "(i)", 256), "CBORSimpleValue(256)");
    record(call(simple, NULL, "(s)", "x"), "CBORSimpleValue('x')");
    record(call(simple, NULL, "()"), "CBORSimpleValue()");
    Py_DECREF(simple);

    PyObject *tag = attr(module, "CBORTag");
    PyObject *t = PyObject_CallFunction(tag, "(is)", 6000, "Hello");
    print_record(t, "CBORTag(6000, 'Hello')");
    tap(1, "CBORTag(6000, 'Hello')");
    if (t != NULL) {
        record(call(dumps, NULL, "(O)", t), "dumps(CBORTag(6000, 'Hello'))");
        Py_DECREF(t);
    }
    record(call(tag, NULL, "(is)", -1, "x"), "CBORTag(-1, 'x')");
    record(call(tag, NULL, "(ss)", "a", "x"), "CBORTag('a', 'x')");
    Py_DECREF(tag);
    PyObject *undefined = attr(module, "undefined");
    record_value(undefined, "undefined");
    Py_DECREF(undefined);
    PyObject *bm = attr(module, "break_marker");
    record_value(bm, "break_marker");
    Py_DECREF(bm);
    const char *excs[] = {"CBORError", "CBOREncodeError", "CBOREncodeTypeError", "CBOREncodeValueError",
                          "CBORDecodeError", "CBORDecodeValueError", "CBORDecodeEOF", NULL};
    for (int i = 0; excs[i]; i++) {
        PyObject *e = attr(module, excs[i]);
        PyObject *mro = attr(e, "__mro__");
        char what[80];
        snprintf(what, sizeof what, "%s.__mro__", excs[i]);
        record_value(mro, what);
        Py_DECREF(mro);
        Py_DECREF(e);
    }
    Py_DECREF(dumps);
    Py_DECREF(loads);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    set_encoders(module);
    /* Once without a baseline: pybuffer makes some of its tables on first
       use (the first repr() of a tuple holding an astral character keeps
       references to None), which is not a leak. */
    PyObject *warm = Py_BuildValue("(si)", "\xf0\x9d\x84\xa0", 1);
    Py_XDECREF(warm ? PyObject_Repr(warm) : NULL);
    Py_XDECREF(warm);
    decoder_vectors(module);
    encoder_vectors(module);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    provide_io();
    /* cbor2._types.FrozenDict, which the decoder imports when it starts
       (for map keys that are maps; a dict subclass stands in, enough for
       the vectors here, which have none). */
    PyObject *types = PyImport_AddModule("cbor2") ? PyImport_AddModule("cbor2._types") : NULL;
    PyObject *fd = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){s:s}", "FrozenDict", &PyDict_Type,
                                         "__module__", "cbor2._types");
    if (types == NULL || fd == NULL || PyModule_AddObject(types, "FrozenDict", fd) < 0)
        bail("cannot provide cbor2._types.FrozenDict");
    PyObject *module = load_module(argv[1], "_cbor2");
    /* An importer registers a single-phase module by its definition (the
       encoder finds its module again with PyState_FindModule). */
    PyModuleDef *def = PyModule_GetDef(module);
    if (def == NULL || PyState_AddModule(module, def) < 0)
        bail("cannot register _cbor2 by its definition");
    run(module, argv[2]);
    return tap_done();
}
