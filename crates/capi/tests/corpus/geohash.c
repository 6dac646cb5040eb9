/* python-geohash 0.8.5: the _geohash speedups module (C++) behind
 * geohash.py. encode(lat, lon) and encode_int(lat, lon) parse "dd";
 * decode(code) and neighbors(code) parse "s"; decode_int(*ints) reads 2,
 * 4 or 8 ints with PyLong_AsUnsignedLongLong; results come from
 * Py_BuildValue ("s", "(ddii)", "[sss...]", "(dd)") and PyTuple_SET_ITEM
 * of PyLong_FromUnsignedLongLong. Its error paths are CPython's call
 * checks: encode_int out of range returns NULL with no exception, and
 * neighbors of an invalid code returns [] with the ValueError still set,
 * both SystemError.
 *
 * Vectors: test/test_geohash.py (the encode/decode cycle of
 * "000000000000", "zzzzzzzzzzzz", "bgr96qxvpd46", the one-character
 * cells, "ezs42", issue 12's point, neighbors of "", "0", "z", "3") and
 * test/test_uint64.py (the 32 cell corners as 64-bit interleaved ints),
 * at the _geohash level; outputs recorded against CPython's build.
 *
 * Under valgrind, neighbors() shows reads past a stack array inside the
 * extension's own interleaved_to_geohashstr (its C++, not the C API);
 * the results are still CPython's.
 */
#include "corpus.h"

static PyObject *encode, *decode, *neighbors, *encode_int, *decode_int;

static void sorted_neighbors(const char *code, const char *what)
{
    PyObject *r = call(neighbors, NULL, "(s)", code);
    if (r != NULL && PyList_Sort(r) < 0) {
        Py_DECREF(r);
        r = NULL;
    }
    record(r, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[128];
    encode = attr(module, "encode");
    decode = attr(module, "decode");
    neighbors = attr(module, "neighbors");
    encode_int = attr(module, "encode_int");
    decode_int = attr(module, "decode_int");
    PyObject *unit = attr(module, "intunit");
    record_value(unit, "_geohash.intunit");
    Py_DECREF(unit);

    /* test_cycle: encode(*decode(code)[:2]) starts with code. */
    const char *codes[] = {"000000000000", "zzzzzzzzzzzz", "bgr96qxvpd46", "ezs42", ""};
    for (int i = 0; i < 5; i++) {
        snprintf(what, sizeof what, "decode('%s')", codes[i]);
        PyObject *d = record_keep(call(decode, NULL, "(s)", codes[i]), what);
        if (d == NULL)
            continue;
        snprintf(what, sizeof what, "encode(*decode('%s')[:2])", codes[i]);
        PyObject *e = call(encode, NULL, "(OO)", PyTuple_GET_ITEM(d, 0), PyTuple_GET_ITEM(d, 1));
        int ok = e != NULL && PyUnicode_Check(e)
                 && strncmp(PyUnicode_AsUTF8(e), codes[i], strlen(codes[i])) == 0;
        if (e != NULL)
            print_record(e, what);
        else
            PyErr_Clear();
        ok &= settle(0);
        tap(ok, what);
        Py_DECREF(d);
    }
    /* test_one: each one-character cell. */
    const char *seq = "0123456789bcdefghjkmnpqrstuvwxyz";
    for (int i = 0; seq[i]; i++) {
        char code[2] = {seq[i], 0};
        snprintf(what, sizeof what, "decode('%s')", code);
        record(call(decode, NULL, "(s)", code), what);
    }
    record(call(encode, NULL, "(dd)", 51.566141, -0.009434), "encode(51.566141, -0.009434) (issue 12)");
    record(call(encode, NULL, "(dd)", 0.0, 0.0), "encode(0, 0)");
    record(call(encode, NULL, "(dd)", -90.0, -180.0), "encode(-90, -180)");
    record(call(encode, NULL, "(dd)", 89.999999, 179.999999), "encode(89.999999, 179.999999)");
    record(call(encode, NULL, "(dd)", 90.0, 0.0), "encode(90, 0) raises ValueError");
    record(call(encode, NULL, "(dd)", 0.0, 180.0), "encode(0, 180) raises ValueError");
    record(call(encode, NULL, "(ii)", 35, 139), "encode(35, 139) (ints through 'd')");
    record(call(encode, NULL, "(sd)", "35", 139.0), "encode('35', 139.0) raises TypeError");
    record(call(encode, NULL, "(d)", 35.0), "encode(35.0) raises TypeError");
    record(call(decode, NULL, "(s)", "ezs42a"), "decode('ezs42a') raises ValueError");
    record(call(decode, NULL, "(i)", 5), "decode(5) raises TypeError");
    record(call(decode, NULL, "(y)", "ezs42"), "decode(b'ezs42') raises TypeError");

    /* TestNeighbors. */
    sorted_neighbors("", "neighbors('')");
    sorted_neighbors("0", "sorted(neighbors('0'))");
    sorted_neighbors("z", "sorted(neighbors('z'))");
    sorted_neighbors("3", "sorted(neighbors('3'))");
    sorted_neighbors("ezs42", "sorted(neighbors('ezs42'))");
    sorted_neighbors("xn76urx6", "sorted(neighbors('xn76urx6'))");
    sorted_neighbors("b", "sorted(neighbors('b')) (the north edge)");
    record(call(neighbors, NULL, "(s)", "a"), "neighbors('a') (invalid: [] with the error set)");

    /* TestUint64: the 32 cell corners. */
    for (unsigned long long k = 0; k < 32; k++) {
        unsigned long long hi = k << 59;
        snprintf(what, sizeof what, "decode_int(0x%016llx, 0)", hi);
        record(call(decode_int, NULL, "(KK)", hi, 0ULL), what);
    }
    double points[][2] = {{-90.0, -180.0}, {0.0, 0.0}, {35.681382, 139.766084}, {-33.8688, 151.2093},
                          {51.566141, -0.009434}, {45.0, 135.0}};
    for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
        snprintf(what, sizeof what, "encode_int(%g, %g)", points[i][0], points[i][1]);
        PyObject *ints = record_keep(call(encode_int, NULL, "(dd)", points[i][0], points[i][1]), what);
        if (ints == NULL)
            continue;
        snprintf(what, sizeof what, "decode_int(*encode_int(%g, %g))", points[i][0], points[i][1]);
        record(call(decode_int, NULL, "(OO)", PyTuple_GET_ITEM(ints, 0), PyTuple_GET_ITEM(ints, 1)), what);
        Py_DECREF(ints);
    }
    record(call(encode_int, NULL, "(dd)", 90.0, 0.0), "encode_int(90, 0) (NULL, no exception)");
    record(call(encode_int, NULL, "(s)", "x"), "encode_int('x') raises TypeError");
    record(call(decode_int, NULL, "(KKKK)", 0xC000ULL, 0ULL, 0ULL, 0ULL), "decode_int(0xC000, 0, 0, 0)");
    record(call(decode_int, NULL, "(KKKKKKKK)", 0xC000ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL),
           "decode_int(0xC000, 0, 0, 0, 0, 0, 0, 0)");
    record(call(decode_int, NULL, "(KKK)", 1ULL, 2ULL, 3ULL), "decode_int(1, 2, 3) raises ValueError");
    record(call(decode_int, NULL, "()"), "decode_int() raises ValueError");
    PyObject *doc = attr(module, "__doc__");
    record_value(doc, "_geohash.__doc__");
    Py_DECREF(doc);

    Py_DECREF(encode);
    Py_DECREF(decode);
    Py_DECREF(neighbors);
    Py_DECREF(encode_int);
    Py_DECREF(decode_int);
}

CORPUS_MAIN("_geohash", run)
