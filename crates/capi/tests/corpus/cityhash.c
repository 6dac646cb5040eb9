/* cityhash's `cityhash`: a Cython module (C++, compiled from the .cpp the
 * sdist ships) over Google's CityHash, in two members: 0.4.10 (Cython
 * 3.1.4) and 0.4.7 (Cython 0.29.34). Multi-phase init
 * through Cython's module-create/exec pair, `def` functions with
 * METH_FASTCALL|METH_KEYWORDS parsers (positional and keyword arguments,
 * uint64 defaults, the "got multiple values" / "unexpected keyword" /
 * "takes exactly" errors), str arguments hashed as UTF-8 and any
 * C-contiguous buffer read with PyObject_GetBuffer, Cython's integer
 * conversions (PyLong digits read directly) and its 128-bit results
 * built with PyNumber_Lshift/Or, and errors raised from Cython code
 * carrying a traceback entry (PyCode_NewEmpty, PyFrame_New,
 * PyTraceBack_Here).
 *
 * Vectors: tests/test_cityhash.py of the project's repository
 * (test_string_unicode_*, test_consistent_encoding_*, test_unicode_*,
 * test_argument_types, test_refcounts through the harness's baselines,
 * test_different_seeds, test_func_raises_type_error); the exact hashes
 * are CPython's outputs for the same build, compared line by line.
 */
#include "corpus.h"

static const char *const FUNCS[] = {
    "CityHash32", "CityHash64", "CityHash128", "CityHash64WithSeed", "CityHash64WithSeeds", "CityHash128WithSeed",
};
#define NFUNCS (sizeof FUNCS / sizeof FUNCS[0])

static const char DATA_TYPE[] = "Argument 'data' has incorrect type: expected ['basestring', 'buffer'], got '%s' instead";

/* The pending error's traceback: its innermost entry's line and the name
   and file of the code object its frame runs. */
static void record_traceback(const char *what)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    int ok = type != NULL && tb != NULL && PyTraceBack_Check(tb);
    if (!ok) {
        diag("no traceback object (%p); ", (void *)tb);
    } else {
        PyObject *line = PyObject_GetAttrString(tb, "tb_lineno");
        PyObject *frame = PyObject_GetAttrString(tb, "tb_frame");
        PyObject *code = frame ? PyObject_GetAttrString(frame, "f_code") : NULL;
        PyObject *name = code ? PyObject_GetAttrString(code, "co_name") : NULL;
        PyObject *file = code ? PyObject_GetAttrString(code, "co_filename") : NULL;
        PyObject *next = PyObject_GetAttrString(tb, "tb_next");
        PyObject *summary = (line && name && file && next)
                                ? Py_BuildValue("(OOOO)", name, file, line, next == Py_None ? Py_True : Py_False)
                                : NULL;
        if (summary == NULL) {
            ok = 0;
            diag_exception();
        } else {
            record_value(summary, what);
        }
        Py_XDECREF(summary);
        Py_XDECREF(line);
        Py_XDECREF(frame);
        Py_XDECREF(code);
        Py_XDECREF(name);
        Py_XDECREF(file);
        Py_XDECREF(next);
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    if (!ok)
        tap(0, what);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    char what[160], msg[160];
    PyObject *f[NFUNCS];
    for (size_t i = 0; i < NFUNCS; i++)
        f[i] = attr(module, FUNCS[i]);
    PyObject *city32 = f[0], *city64 = f[1], *city128 = f[2], *seed64 = f[3], *seeds64 = f[4], *seed128 = f[5];

    /* Fixed hashes of "abc" (str and bytes agree: ASCII is its UTF-8). */
    expect_int(call(city32, NULL, "(s)", "abc"), "795041479", "CityHash32('abc')");
    expect_int(call(city32, NULL, "(y)", "abc"), "795041479", "CityHash32(b'abc')");
    expect_int(call(city64, NULL, "(s)", "abc"), "2640714258260161385", "CityHash64('abc')");
    expect_int(call(city128, NULL, "(s)", "abc"), "76434233956484675513733017140465933893", "CityHash128('abc')");
    expect_int(call(seed64, NULL, "(s)", "abc"), "6234256295332240817", "CityHash64WithSeed('abc')");
    expect_int(call(seeds64, NULL, "(s)", "abc"), "9119717311854442064", "CityHash64WithSeeds('abc')");
    expect_int(call(seed128, NULL, "(s)", "abc"), "164655989659061527156339546049943539076",
               "CityHash128WithSeed('abc')");
    for (size_t i = 0; i < NFUNCS; i++) {
        snprintf(what, sizeof what, "%s('')", FUNCS[i]);
        record(call(f[i], NULL, "(s)", ""), what);
    }

    /* Seeds, positional and by keyword. */
    expect_int(call(seed64, NULL, "(yi)", "abc", 5), "14528910910570036516", "CityHash64WithSeed(b'abc', 5)");
    expect_int(call(seed64, kw_dict("{s:i}", "seed", 5), "(y)", "abc"), "14528910910570036516",
               "CityHash64WithSeed(b'abc', seed=5)");
    expect_int(call(seeds64, kw_dict("{s:i,s:i}", "seed0", 1, "seed1", 2), "(y)", "abc"), "11472871742719157320",
               "CityHash64WithSeeds(b'abc', seed0=1, seed1=2)");
    expect_int(call(seeds64, NULL, "(yii)", "abc", 1, 2), "11472871742719157320", "CityHash64WithSeeds(b'abc', 1, 2)");
    expect_int(call(seed64, kw_dict("{s:y,s:i}", "data", "a", "seed", 3), "()"), "1653985571650707297",
               "CityHash64WithSeed(data=b'a', seed=3)");
    /* Cython 0.29 made one-argument functions METH_O (no keywords). */
    record(call(city32, kw_dict("{s:y}", "data", "abc"), "()"), "CityHash32(data=b'abc')");
    PyObject *big = PyLong_FromString("1267650600228229401496703205383", NULL, 10); /* 2**100 + 7 */
    expect_int(call(seed128, kw_dict("{s:O}", "seed", big), "(y)", "abc"), "69752581050586228261682722312901994079",
               "CityHash128WithSeed(b'abc', seed=2**100 + 7)");
    Py_DECREF(big);

    /* test_string_unicode_* and test_consistent_encoding_*: "" and b""
       agree, as do "abracadabra" and its UTF-8. */
    for (size_t i = 0; i < NFUNCS; i++) {
        PyObject *a = take(call(f[i], NULL, "(s)", "abracadabra"));
        PyObject *b = take(call(f[i], NULL, "(y)", "abracadabra"));
        snprintf(what, sizeof what, "%s: 'abracadabra' and its UTF-8 hash alike", FUNCS[i]);
        expect_true(a && b && PyObject_RichCompareBool(a, b, Py_EQ) == 1, what);
        Py_XDECREF(a);
        Py_XDECREF(b);
    }

    /* test_unicode_2_*: outside ASCII, hashed as UTF-8. */
    expect_int(call(city32, NULL, "(s)", "\xe2\x99\xa1"), "2810379207", "CityHash32('\\u2661')");
    expect_int(call(city64, NULL, "(s)", "h\xc3\xa9llo"), "17097313247479420151", "CityHash64('h\\xe9llo')");
    record(call(seed128, NULL, "(s)", "\xe2\x99\xa1"), "CityHash128WithSeed('\\u2661')");

    /* test_argument_types: bytes, bytearray and memoryview hash alike. */
    PyObject *by = PyBytes_FromStringAndSize("ab\0c", 4);
    PyObject *ba = PyByteArray_FromStringAndSize("ab\0c", 4);
    PyObject *mv = PyMemoryView_FromObject(by);
    for (size_t i = 0; i < NFUNCS; i++) {
        PyObject *r1 = take(call(f[i], NULL, "(O)", by));
        PyObject *r2 = take(call(f[i], NULL, "(O)", ba));
        PyObject *r3 = take(call(f[i], NULL, "(O)", mv));
        snprintf(what, sizeof what, "%s: bytes, bytearray and memoryview hash alike", FUNCS[i]);
        expect_true(r1 && r2 && r3 && PyObject_RichCompareBool(r1, r2, Py_EQ) == 1 &&
                        PyObject_RichCompareBool(r1, r3, Py_EQ) == 1,
                    what);
        Py_XDECREF(r1);
        Py_XDECREF(r2);
        Py_XDECREF(r3);
    }
    expect_int(call(city64, NULL, "(O)", mv), "5357461003907954849", "CityHash64(memoryview(b'ab\\x00c'))");
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(by);

    /* test_different_seeds. */
    for (size_t i = 3; i < NFUNCS; i++) {
        PyObject *r0 = take(call(f[i], NULL, "(si)", "just a string", 0));
        PyObject *r1 = take(call(f[i], NULL, "(si)", "just a string", 1));
        snprintf(what, sizeof what, "%s: seeds 0 and 1 differ", FUNCS[i]);
        expect_true(r0 && r1 && PyObject_RichCompareBool(r0, r1, Py_NE) == 1, what);
        Py_XDECREF(r0);
        Py_XDECREF(r1);
    }

    /* test_func_raises_type_error, and the other errors Cython raises. */
    for (size_t i = 0; i < NFUNCS; i++) {
        PyObject *list = PyList_New(0);
        snprintf(msg, sizeof msg, DATA_TYPE, "list");
        snprintf(what, sizeof what, "%s([]) raises TypeError", FUNCS[i]);
        expect_error(call(f[i], NULL, "(O)", list), PyExc_TypeError, msg, what);
        Py_DECREF(list);
    }
    {
        PyObject *b6 = PyBytes_FromString("abcdef");
        PyObject *whole = PyMemoryView_FromObject(b6);
        PyObject *two = PyLong_FromLong(2);
        PyObject *step = PySlice_New(NULL, NULL, two);
        Py_DECREF(two);
        PyObject *strided = whole && step ? PyObject_GetItem(whole, step) : NULL;
        if (strided == NULL)
            bail("cannot make a strided memoryview");
        expect_error(call(city64, NULL, "(O)", strided), PyExc_BufferError,
                     "memoryview: underlying buffer is not C-contiguous",
                     "CityHash64(memoryview(b'abcdef')[::2]) raises BufferError");
        Py_DECREF(strided);
        Py_DECREF(step);
        Py_DECREF(whole);
        Py_DECREF(b6);
    }
    expect_error(call(seed64, kw_dict("{s:i}", "seed", -1), "(y)", "a"), PyExc_OverflowError,
                 "can't convert negative value to uint64_t", "CityHash64WithSeed(b'a', seed=-1)");
    PyObject *two64 = PyLong_FromString("18446744073709551616", NULL, 10);
    expect_error(call(seed64, NULL, "(yO)", "a", two64), PyExc_OverflowError,
                 "Python int too large to convert to C unsigned long", "CityHash64WithSeed(b'a', 2**64)");
    Py_DECREF(two64);
    /* Messages that differ between the Cython versions the corpus has:
       recorded, and compared with CPython's for the same build. */
    record(call(seed128, kw_dict("{s:s}", "seed", "x"), "(y)", "a"), "CityHash128WithSeed(b'a', seed='x')");
    expect_error(call(seed64, kw_dict("{s:s}", "seed", "x"), "(y)", "a"), PyExc_TypeError, "an integer is required",
                 "CityHash64WithSeed(b'a', seed='x')");
    expect_error(call(seed64, kw_dict("{s:i}", "foo", 1), "(y)", "a"), PyExc_TypeError,
                 "CityHash64WithSeed() got an unexpected keyword argument 'foo'", "CityHash64WithSeed(b'a', foo=1)");
    expect_error(call(seed64, NULL, "(yii)", "a", 1, 2), PyExc_TypeError,
                 "CityHash64WithSeed() takes at most 2 positional arguments (3 given)",
                 "CityHash64WithSeed(b'a', 1, 2)");
    expect_error(call(seed64, kw_dict("{s:y}", "data", "b"), "(y)", "a"), PyExc_TypeError,
                 "CityHash64WithSeed() got multiple values for keyword argument 'data'",
                 "CityHash64WithSeed(b'a', data=b'b')");
    record(call(city64, NULL, "()"), "CityHash64()");
    record(call(city64, NULL, "(yy)", "a", "b"), "CityHash64(b'a', b'b')");
    PyObject *lone = PyUnicode_FromOrdinal(0xDC80);
    expect_error(call(city64, NULL, "(O)", lone), PyExc_UnicodeEncodeError,
                 "'utf-8' codec can't encode character '\\udc80' in position 0: surrogates not allowed",
                 "CityHash64('\\udc80') raises UnicodeEncodeError");
    Py_DECREF(lone);

    /* The error leaves with a traceback entry naming the Cython function,
       its .pyx file and line. */
    PyObject *list = PyList_New(0);
    PyObject *r = PyObject_CallOneArg(city64, list);
    if (r != NULL)
        bail("CityHash64([]) did not fail");
    record_traceback("traceback of CityHash64([]): (co_name, co_filename, tb_lineno, innermost)");
    r = PyObject_CallOneArg(seed128, list);
    if (r != NULL)
        bail("CityHash128WithSeed([]) did not fail");
    record_traceback("traceback of CityHash128WithSeed([])");
    Py_DECREF(list);

    /* The module's own attributes and a docstring (embedsignature). */
    for (const char *const *name = (const char *const[]){"__version__", "__all__", "__name__", "__author__", NULL};
         *name; name++) {
        PyObject *v = attr(module, *name);
        record_value(v, *name);
        Py_DECREF(v);
    }
    PyObject *doc = attr(seed64, "__doc__");
    record_value(doc, "CityHash64WithSeed.__doc__");
    Py_DECREF(doc);
    PyObject *fname = attr(seed64, "__name__");
    record_value(fname, "CityHash64WithSeed.__name__");
    Py_DECREF(fname);

    for (size_t i = 0; i < NFUNCS; i++)
        Py_DECREF(f[i]);
}

CORPUS_MAIN("cityhash", run)
