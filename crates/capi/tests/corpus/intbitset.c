/* intbitset 4.1.2's `intbitset`: a Cython 3.1.6 module (the .c the sdist
 * ships) of integer bit sets. Its compressed form goes through the zlib
 * module: `fastdump()` is `zlib.compress` of the words, `fastload()` and
 * the constructor given bytes or an `array` are `zlib.decompress` of them
 * (any error becoming ValueError("strdump is corrupted")), and
 * `__reduce__` hands pickle the helper `intbitset_helper._`. The module
 * imports `zlib`, `array.array`, and two pure-Python modules of the
 * package, `intbitset_helper` and `intbitset_version`, which neither host
 * runs here: the driver puts stand-ins in sys.modules first (`_(dump)`
 * calls `intbitset(dump)`, as the Python one does).
 *
 * Vectors: tests/test_intbitset.py of the sdist (test_set_consistency's
 * exact fastdump bytes, test_set_corruption, test_marshalling and
 * test_pickling over its sets); other results are compared line by line
 * with CPython's.
 */
#include "corpus.h"

static PyObject *helper_underscore(PyObject *self, PyObject *dump)
{
    (void)self;
    PyObject *cls = corpus_module ? PyObject_GetAttrString(corpus_module, "intbitset") : NULL;
    if (cls == NULL)
        return NULL;
    PyObject *r = PyObject_CallOneArg(cls, dump);
    Py_DECREF(cls);
    return r;
}

static PyMethodDef helper_methods[] = {
    {"_", helper_underscore, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *zlib_mod;

static PyObject *zcompress(PyObject *data)
{
    return PyObject_CallMethod(zlib_mod, "compress", "O", data);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *cls = attr(module, "intbitset");
    char what[200];

    /* test_set_consistency: the exact dumps, plain and with trailing bits */
    static const struct {
        int elems[4];
        const char *dumped;
        Py_ssize_t dumped_len;
        const char *trailing;
        Py_ssize_t trailing_len;
    } consistency[] = {
        {{20, 30, 1000, 40}, "x\x9c" "c`\x10p``d\x18\x18\x80" "d/\x00*\xb6\x00S", 19,
         "x\x9c" "c`\x10p`\x18(\xf0\x1f\x01\x00k\xe6\x0b" "F", 17},
        {{20, 30, 1000, 41}, "x\x9c" "c`\x10p``b\x18\x18\xc0\x88`\x02\x00+9\x00T", 20,
         "x\x9c" "c`\x10p`\x18(\xf0\x1f\x01\x00k\xe6\x0b" "F", 17},
        {{20, 30, 1001, 41}, "x\x9c" "c`\x10p``b\x18\x18\x80" "d/\x00+D\x00U", 19,
         "x\x9c" "c`\x10p`\x18(\xf0\xef?\x1c\x00\x00k\xdb\x0b" "E", 19},
    };
    for (size_t i = 0; i < sizeof consistency / sizeof consistency[0]; i++) {
        const int *e = consistency[i].elems;
        PyObject *orig = Py_BuildValue("(iiii)", e[0], e[1], e[2], e[3]);
        snprintf(what, sizeof what, "intbitset((%d, %d, %d, %d))", e[0], e[1], e[2], e[3]);
        PyObject *s1 = keep(call(cls, NULL, "(O)", orig), what);
        snprintf(what, sizeof what, "intbitset((%d, %d, %d, %d)).fastdump()", e[0], e[1], e[2], e[3]);
        expect_bytes(call_attr(s1, "fastdump", NULL, "()"), consistency[i].dumped, consistency[i].dumped_len, what);
        snprintf(what, sizeof what, "intbitset((%d, %d, %d, %d), trailing_bits=True)", e[0], e[1], e[2], e[3]);
        PyObject *s2 = keep(call(cls, kw_dict("{s:O}", "trailing_bits", Py_True), "(O)", orig), what);
        snprintf(what, sizeof what, "intbitset((%d, %d, %d, %d), trailing_bits=True).fastdump()", e[0], e[1], e[2],
                 e[3]);
        expect_bytes(call_attr(s2, "fastdump", NULL, "()"), consistency[i].trailing, consistency[i].trailing_len,
                     what);
        snprintf(what, sizeof what, "intbitset(dumped %zu) == intbitset(original)", i);
        PyObject *s3 = keep(call(cls, NULL, "(y#)", consistency[i].dumped, consistency[i].dumped_len), what);
        expect_true(PyObject_RichCompareBool(s1, s3, Py_EQ) == 1, what);
        snprintf(what, sizeof what, "intbitset(trailing dump %zu) == the trailing-bits set", i);
        PyObject *s4 = keep(call(cls, NULL, "(y#)", consistency[i].trailing, consistency[i].trailing_len), what);
        expect_true(PyObject_RichCompareBool(s2, s4, Py_EQ) == 1, what);
        snprintf(what, sizeof what, "repr of intbitset(dumped %zu)", i);
        record(call_attr(s3, "__repr__", NULL, "()"), what);
        snprintf(what, sizeof what, "repr of intbitset(trailing dump %zu)", i);
        record(call_attr(s4, "__repr__", NULL, "()"), what);
        Py_DECREF(s1);
        Py_DECREF(s2);
        Py_DECREF(s3);
        Py_DECREF(s4);
        Py_DECREF(orig);
    }

    /* test_marshalling and test_pickling over sets like the suite's */
    PyObject *sets[] = {
        Py_BuildValue("[i]", 1024),
        Py_BuildValue("[iiii]", 10, 20, 30, 40),
        Py_BuildValue("[iiiii]", 0, 63, 64, 127, 128),
        PyList_New(0),
        NULL,
    };
    {
        PyObject *range = PyObject_CallFunction((PyObject *)&PyRange_Type, "iii", 0, 100000, 7);
        sets[4] = range ? PySequence_List(range) : NULL;
        Py_XDECREF(range);
    }
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        for (int trailing = 0; trailing < 2; trailing++) {
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: intbitset(s)", i, trailing);
            PyObject *s = keep(call(cls, kw_dict("{s:i}", "trailing_bits", trailing), "(O)", sets[i]), what);
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: fastdump()", i, trailing);
            PyObject *dump = record_keep(call_attr(s, "fastdump", NULL, "()"), what);
            tap(dump != NULL, what);
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: intbitset(fastdump()) == s", i, trailing);
            PyObject *back = dump ? take(call(cls, NULL, "(O)", dump)) : NULL;
            expect_true(back != NULL && PyObject_RichCompareBool(back, s, Py_EQ) == 1, what);
            Py_XDECREF(back);
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: fastload(fastdump()) == s", i, trailing);
            PyObject *empty = take(call(cls, NULL, "()"));
            PyObject *r = empty && dump ? take(call_attr(empty, "fastload", NULL, "(O)", dump)) : NULL;
            expect_true(r == Py_None && PyObject_RichCompareBool(empty, s, Py_EQ) == 1, what);
            Py_XDECREF(r);
            Py_XDECREF(empty);
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: __reduce__ then call", i, trailing);
            PyObject *red = take(call_attr(s, "__reduce__", NULL, "()"));
            PyObject *again = red && PyTuple_Check(red) && PyTuple_GET_SIZE(red) == 2
                                      && PyTuple_Check(PyTuple_GET_ITEM(red, 1))
                                      && PyTuple_GET_SIZE(PyTuple_GET_ITEM(red, 1)) == 1
                                  ? take(call(PyTuple_GET_ITEM(red, 0), NULL, "(O)",
                                              PyTuple_GET_ITEM(PyTuple_GET_ITEM(red, 1), 0)))
                                  : NULL;
            expect_true(again != NULL && PyObject_RichCompareBool(again, s, Py_EQ) == 1, what);
            Py_XDECREF(again);
            Py_XDECREF(red);
            snprintf(what, sizeof what, "set %zu, trailing_bits=%d: len", i, trailing);
            if (!trailing)
                record(call_attr(s, "__len__", NULL, "()"), what);
            if (trailing) {
                snprintf(what, sizeof what, "set %zu, trailing_bits=1: strbits() of an infinite set", i);
                record(call_attr(s, "strbits", NULL, "()"), what);
            } else {
                snprintf(what, sizeof what, "set %zu, trailing_bits=0: strbits() length", i);
                PyObject *bits = take(call_attr(s, "strbits", NULL, "()"));
                PyObject *nbits = bits ? PyLong_FromSsize_t(PyObject_Length(bits)) : NULL;
                record_value(nbits, what);
                Py_XDECREF(nbits);
                Py_XDECREF(bits);
            }
            if (dump) {
                /* the dump through an array('B') */
                PyObject *arraymod = PyImport_ImportModule("array");
                PyObject *arr = arraymod ? PyObject_CallMethod(arraymod, "array", "sO", "B", dump) : NULL;
                snprintf(what, sizeof what, "set %zu, trailing_bits=%d: intbitset(array('B', dump)) == s", i,
                         trailing);
                PyObject *fa = arr ? take(call(cls, NULL, "(O)", arr)) : NULL;
                expect_true(fa != NULL && PyObject_RichCompareBool(fa, s, Py_EQ) == 1, what);
                Py_XDECREF(fa);
                Py_XDECREF(arr);
                Py_XDECREF(arraymod);
            }
            Py_XDECREF(dump);
            Py_DECREF(s);
        }
    }

    /* test_set_corruption: not compressed, then compressed but of a bad
       length */
    PyObject *s = keep(call(cls, NULL, "(O)", sets[2]), "intbitset([0, 63, 64, 127, 128])");
    PyObject *bits = keep(call_attr(s, "strbits", NULL, "()"), "strbits()");
    PyObject *bits_bytes = PyUnicode_AsASCIIString(bits);
    PyObject *corrupt[] = {PyBytes_FromString("ciao"), bits_bytes, PyBytes_FromString("djflsdkfjsdljfsldkfjsldjlfk")};
    for (int i = 0; i < 3; i++) {
        PyObject *empty = take(call(cls, NULL, "()"));
        snprintf(what, sizeof what, "corrupt %d: intbitset(not compressed)", i);
        expect_error(call(cls, NULL, "(O)", corrupt[i]), PyExc_ValueError, "rhs is corrupted: *", what);
        snprintf(what, sizeof what, "corrupt %d: fastload(not compressed)", i);
        expect_error(call_attr(empty, "fastload", NULL, "(O)", corrupt[i]), PyExc_ValueError, "strdump is corrupted",
                     what);
        PyObject *z = zcompress(corrupt[i]);
        snprintf(what, sizeof what, "corrupt %d: intbitset(compressed, bad length)", i);
        expect_error(call(cls, NULL, "(O)", z), PyExc_ValueError, "rhs is corrupted: *", what);
        snprintf(what, sizeof what, "corrupt %d: fastload(compressed, bad length)", i);
        expect_error(call_attr(empty, "fastload", NULL, "(O)", z), PyExc_ValueError, "strdump is corrupted", what);
        Py_XDECREF(z);
        Py_XDECREF(empty);
        Py_DECREF(corrupt[i]);
    }
    Py_DECREF(bits);
    Py_DECREF(s);

    /* set operations between sets that went through their dumps */
    PyObject *a = keep(call(cls, NULL, "(O)", sets[4]), "a = intbitset(range(0, 100000, 7))");
    PyObject *b = keep(call(cls, NULL, "(O)", sets[2]), "b = intbitset([0, 63, 64, 127, 128])");
    record(call_attr(a, "__and__", NULL, "(O)", b), "a & b");
    PyObject *c = keep(call(cls, NULL, "([iii])", 1, 64, 500), "c = intbitset([1, 64, 500])");
    record(call_attr(b, "__or__", NULL, "(O)", c), "b | c");
    record(call_attr(b, "__sub__", NULL, "(O)", a), "b - a");
    record(call_attr(b, "__xor__", NULL, "(O)", c), "b ^ c");
    Py_DECREF(c);
    PyObject *u = take(call_attr(a, "__or__", NULL, "(O)", b));
    record(u ? call_attr(u, "fastdump", NULL, "()") : NULL, "(a | b).fastdump()");
    Py_XDECREF(u);
    record(call_attr(b, "issubset", NULL, "(O)", a), "b.issubset(a)");
    record(call_attr(b, "__contains__", NULL, "(i)", 63), "63 in b");
    Py_DECREF(a);
    Py_DECREF(b);
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        Py_XDECREF(sets[i]);
    PyObject *v = PyObject_GetAttrString(module, "__version__");
    record_value(v, "intbitset.__version__");
    Py_XDECREF(v);
    Py_DECREF(cls);
}

/* As CORPUS_MAIN, with the package's two pure-Python modules in
   sys.modules first (see the top). */
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    zlib_mod = PyImport_ImportModule("zlib");
    PyObject *helper = PyImport_AddModule("intbitset_helper");
    PyObject *version = PyImport_AddModule("intbitset_version");
    if (zlib_mod == NULL || helper == NULL || version == NULL || PyModule_AddFunctions(helper, helper_methods) < 0
        || PyModule_AddStringConstant(version, "__version__", "4.1.2") < 0)
        bail("making intbitset's helper modules failed");
    PyObject *module = load_module(argv[1], "intbitset");
    run(module, argv[2]);
    return tap_done();
}
