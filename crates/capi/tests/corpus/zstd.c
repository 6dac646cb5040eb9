/* python-zstd 1.5.7.2's `zstd`: the bundled libzstd behind METH_VARARGS
 * functions ("y#|iii" compress with level, threads and strict mode; "y#"
 * uncompress and check), many aliases of them, METH_NOARGS queries, a
 * compressed bytes object shrunk in place with Py_SET_SIZE, and
 * multi-phase init (Py_mod_exec) of a module with state whose error type
 * comes from PyErr_NewException.
 *
 * Vectors: tests/base.py and tests/test_compress.py (round trips at every
 * level kind, level clamping, threads, strict mode, empty input,
 * concatenated frames), tests/test_decompress.py (check() of compressed,
 * plain and streamed frames, the sdist's tests/test_data/facebook.ico.zst,
 * a "rusted" frame, trailing garbage) and test_version.py.
 */
#include "corpus.h"
#include "test_bytes.h"

static PyObject *compress_f, *decompress_f, *check_f, *error;

/* tests/base.py's tDATA: Latin lorem ipsum and UTF-8 Cyrillic. */
static const char T_DATA[] =
    "Lorem ipsum dolor sit amet, consectetuer adipiscing elit, sed diam nonummy nibh euismod tincidunt ut laoreet "
    "dolore magna aliquam erat volutpat. Ut wisi enim ad minim veniam, quis nostrud exerci tation ullamcorper suscipit "
    "lobortis nisl ut aliquip ex ea commodo consequat. Duis autem vel eum iriure dolor in hendrerit in vulputate velit "
    "esse molestie consequat, vel illum dolore eu feugiat nulla facilisis at vero eros et accumsan et iusto odio "
    "dignissim qui blandit praesent luptatum zzril delenit augue duis dolore te feugait nulla facilisi. "
    "\xd0\x98 \xd0\xbd\xd0\xb5\xd0\xbc\xd0\xbd\xd0\xbe\xd0\xb3\xd0\xbe \xd1\x8e\xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb4"
    "\xd0\xb0. \xd0\x94\xd0\xb0\xd0\xbb\xd0\xb5\xd0\xba\xd0\xbe-\xd0\xb4\xd0\xb0\xd0\xbb\xd0\xb5\xd0\xba\xd0\xbe "
    "\xd0\xb7\xd0\xb0 \xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x81\xd0\xbd\xd1\x8b\xd0\xbc\xd0\xb8 "
    "\xd0\xb3\xd0\xbe\xd1\x80\xd0\xb0\xd0\xbc\xd0\xb8.";

/* compress(data, *args) then decompress gives data back. */
static void round_trip(PyObject *data, const char *fmt_tail, int a, int b, const char *what)
{
    PyObject *c;
    if (strcmp(fmt_tail, "") == 0)
        c = take(call(compress_f, NULL, "(O)", data));
    else if (strcmp(fmt_tail, "i") == 0)
        c = take(call(compress_f, NULL, "(Oi)", data, a));
    else
        c = take(call(compress_f, NULL, "(Oii)", data, a, b));
    if (c == NULL) {
        tap(0, what);
        return;
    }
    expect_same_bytes(call(decompress_f, NULL, "(O)", c), data, what);
    Py_DECREF(c);
}

static long noargs_long(PyObject *module, const char *name)
{
    PyObject *f = attr(module, name);
    PyObject *r = take(call(f, NULL, "()"));
    Py_DECREF(f);
    long v = r ? PyLong_AsLong(r) : -99999;
    Py_XDECREF(r);
    return v;
}

static void run(PyObject *module, const char *sdist)
{
    compress_f = attr(module, "compress");
    decompress_f = attr(module, "decompress");
    check_f = attr(module, "check");
    error = attr(module, "Error");
    expect_true(PyType_Check(error) && PyObject_IsSubclass(error, PyExc_Exception) == 1
                    && strcmp(((PyTypeObject *)error)->tp_name, "Error") == 0,
                "zstd.Error is an Exception subclass named Error");
    record_value(error, "repr(zstd.Error)");

    /* test_version.py and the level queries of test_compress.py */
    PyObject *f = attr(module, "version");
    expect_str(call(f, NULL, "()"), "1.5.7.2", "version()");
    Py_DECREF(f);
    f = attr(module, "ZSTD_version");
    expect_str(call(f, NULL, "()"), "1.5.7", "ZSTD_version()");
    Py_DECREF(f);
    expect_true(noargs_long(module, "ZSTD_version_number") == 10507, "ZSTD_version_number() is 10507");
    expect_true(noargs_long(module, "ZSTD_default_compression_level") == 3, "the default level is 3");
    expect_true(noargs_long(module, "ZSTD_max_compression_level") == 22, "the max level is 22");
    expect_true(noargs_long(module, "ZSTD_min_compression_level") == -100, "the min level is -100");
    static const char *flags[] = {"ZSTD_external", "ZSTD_legacy_support", "ZSTD_with_threads", "ZSTD_with_asm",
                                  "ZSTD_is_debug_enabled", "ZSTD_max_threads_count"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        f = attr(module, flags[i]);
        record(call(f, NULL, "()"), flags[i]);
        Py_DECREF(f);
    }
    f = attr(module, "ZSTD_threads_count");
    expect_true(noargs_long(module, "ZSTD_threads_count") >= 1, "ZSTD_threads_count() >= 1");
    expect_error(call(f, NULL, "(i)", 1), PyExc_TypeError, "zstd.ZSTD_threads_count() takes no arguments (1 given)",
                 "a METH_NOARGS function refuses an argument");
    Py_DECREF(f);

    PyObject *t = PyBytes_FromStringAndSize(T_DATA, (Py_ssize_t)sizeof T_DATA - 1);
    /* helper_compression_default_level* and negative levels */
    round_trip(t, "", 0, 0, "compress(tDATA) round-trips");
    PyObject *c_default = keep(call(compress_f, NULL, "(O)", t), "compress(tDATA)");
    record_value(c_default, "compress(tDATA)");
    expect_same_bytes(call(compress_f, NULL, "(Oi)", t, 0), c_default, "level 0 is the default");
    expect_same_bytes(call(compress_f, NULL, "(Oi)", t, 3), c_default, "level 3 is the default");
    round_trip(t, "i", -1, 0, "level -1 round-trips");
    PyObject *c_neg = keep(call(compress_f, NULL, "(Oi)", t, -1), "compress(tDATA, -1)");
    expect_true(PyObject_RichCompareBool(c_neg, c_default, Py_NE) == 1, "...and differs from level 0");
    Py_DECREF(c_neg);
    /* Levels out of range clamp unless strict */
    PyObject *c22 = keep(call(compress_f, NULL, "(Oi)", t, 22), "compress(tDATA, 22)");
    expect_same_bytes(call(compress_f, NULL, "(Oi)", t, 2200), c22, "level 2200 clamps to 22");
    PyObject *cm100 = keep(call(compress_f, NULL, "(Oi)", t, -100), "compress(tDATA, -100)");
    expect_same_bytes(call(compress_f, NULL, "(Oi)", t, -1000), cm100, "level -1000 clamps to -100");
    expect_error(call(compress_f, NULL, "(Oiii)", t, 100, 0, 1), error, "Bad compression level - more than 22: 100",
                 "strict mode refuses level 100");
    expect_error(call(compress_f, NULL, "(Oiii)", t, -200, 0, 1), error,
                 "Bad compression level - less than -100: -200", "strict mode refuses level -200");
    expect_error(call(compress_f, NULL, "(Oiii)", t, 3, -1, 1), error, "Bad threads count - less than 0: -1",
                 "strict mode refuses -1 threads");
    /* Threads: the multi-threaded frame is the same at any worker count. */
    PyObject *c14 = keep(call(compress_f, NULL, "(Oi)", t, 14), "compress(tDATA, 14)");
    PyObject *mt = attr(module, "compress_real_mt");
    expect_same_bytes(call(mt, NULL, "(Oi)", t, 14), c14, "compress_real_mt == compress");
    Py_DECREF(mt);
    expect_same_bytes(call(compress_f, NULL, "(Oii)", t, 22, 2560), c22, "2560 threads clamp");
    round_trip(t, "ii", 6, 1, "level 6, one thread");
    round_trip(t, "ii", 6, 16, "level 6, 16 threads");
    Py_DECREF(c14);
    Py_DECREF(cm100);
    Py_DECREF(c22);

    /* helper_compression_level1/6/20 */
    static const char L[] = "This is must be very very long string to be compressed by zstd. AAAAAAAAAAAAARGGHHH!!! Just "
                            "hope its enough length. \xd0\x98 \xd0\xbd\xd0\xb5\xd0\xbc\xd0\xbd\xd0\xbe\xd0\xb3\xd0\xbe "
                            "\xd1\x8e\xd0\xbd\xd0\xb8\xd0\xba\xd0\xbe\xd0\xb4\xd0\xb0.";
    PyObject *l = PyBytes_FromString(L);
    round_trip(l, "i", 1, 0, "level 1 round-trips");
    round_trip(l, "i", 6, 0, "level 6 round-trips");
    round_trip(l, "i", 20, 0, "level 20 round-trips");
    Py_DECREF(l);
    /* helper_compression_random: dumps/loads of 128 KiB */
    PyObject *rnd = noise(128 * 1024, 3);
    PyObject *dumps = attr(module, "dumps"), *loads = attr(module, "loads");
    PyObject *cr = keep(call(dumps, NULL, "(O)", rnd), "dumps(128 KiB random)");
    expect_same_bytes(call(loads, NULL, "(O)", cr), rnd, "loads(dumps(x)) == x");
    Py_DECREF(cr);
    Py_DECREF(loads);
    Py_DECREF(dumps);
    /* helper_compression_empty_string: levels 1..20 */
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    for (int level = 1; level <= 20; level += 1) {
        char what[64];
        snprintf(what, sizeof what, "b'' at level %d round-trips", level);
        round_trip(empty, "i", level, 0, what);
    }
    /* helper_compression_multiple_blocks: two concatenated frames */
    static const char two[] = "\x28\xb5\x2f\xfd\x20\x06\x31\x00\x00\x68\x65\x6c\x6c\x6f\x0a"
                              "\x28\xb5\x2f\xfd\x20\x06\x31\x00\x00\x77\x6f\x72\x6c\x64\x0a";
    expect_bytes(call(decompress_f, NULL, "(y#)", two, (Py_ssize_t)(sizeof two - 1)), "hello\nworld\n", 12,
                 "two concatenated frames");

    /* test_decompress.py */
    char buf[64];
    PyObject *ce = keep(call(compress_f, NULL, "(O)", empty), "compress(b'')");
    memcpy(buf, PyBytes_AS_STRING(ce), (size_t)PyBytes_GET_SIZE(ce));
    buf[PyBytes_GET_SIZE(ce)] = ' ';
    PyObject *uncompress = attr(module, "uncompress");
    expect_error(call(uncompress, NULL, "(y#)", buf, PyBytes_GET_SIZE(ce) + 1), error, NULL,
                 "test_decompression_null: a trailing byte");
    record(call(uncompress, NULL, "(y#)", buf, PyBytes_GET_SIZE(ce) + 1), "...its message");
    Py_DECREF(ce);
    PyObject *ico = read_file(sdist, "tests/test_data/facebook.ico.zst");
    expect_int(call(check_f, NULL, "(O)", ico), "2", "check(facebook.ico.zst) is 2 (streamed)");
    record(call(uncompress, NULL, "(O)", ico), "uncompress(facebook.ico.zst)");
    Py_DECREF(ico);
    static const char rusted[] = "\x28\xb5\x2f\xfd\x00\x58\x11\x00\x00\x7b\x7d";
    expect_int(call(check_f, NULL, "(y#)", rusted, (Py_ssize_t)11), "2", "check(rusted frame) is 2");
    expect_bytes(call(uncompress, NULL, "(y#)", rusted, (Py_ssize_t)11), "{}", 2, "uncompress(rusted frame)");
    expect_int(call(check_f, NULL, "(O)", c_default), "1", "check(compressed) is 1");
    expect_int(call(check_f, NULL, "(O)", t), "0", "check(plain) is 0");
    expect_int(call(check_f, NULL, "(O)", empty), "0", "check(b'') is 0");
    PyObject *verify = attr(module, "verify");
    expect_int(call(verify, NULL, "(O)", c_default), "1", "verify is check");
    Py_DECREF(verify);
    Py_DECREF(uncompress);

    /* Corrupt and foreign input */
    record(call(decompress_f, NULL, "(O)", t), "decompress(plain text)");
    PyObject *bad = PyBytes_FromStringAndSize(PyBytes_AS_STRING(c_default), PyBytes_GET_SIZE(c_default));
    PyBytes_AS_STRING(bad)[PyBytes_GET_SIZE(bad) / 2] ^= 0x55;
    record(call(decompress_f, NULL, "(O)", bad), "decompress(a corrupted frame)");
    Py_DECREF(bad);
    record(call(decompress_f, NULL, "(y#)", PyBytes_AS_STRING(c_default), PyBytes_GET_SIZE(c_default) - 3),
           "decompress(a truncated frame)");
    record(call(decompress_f, NULL, "(O)", empty), "decompress(b'')");

    /* Argument parsing: "y#" takes read-only bytes-like objects only. */
    expect_error(call(compress_f, NULL, "(s)", "text"), PyExc_TypeError, "a bytes-like object is required, not 'str'",
                 "compress(str) is refused");
    PyObject *ba = PyByteArray_FromObject(t);
    record(call(compress_f, NULL, "(O)", ba), "compress(bytearray)");
    Py_DECREF(ba);
    /* "#" refuses exporters with a bf_releasebuffer, memoryview included. */
    PyObject *mv = PyMemoryView_FromObject(t);
    expect_error(call(compress_f, NULL, "(O)", mv), PyExc_TypeError,
                 "argument 1 must be read-only bytes-like object, not memoryview", "compress(memoryview) is refused");
    Py_DECREF(mv);
    expect_error(call(compress_f, NULL, "(Os)", t, "3"), PyExc_TypeError,
                 "'str' object cannot be interpreted as an integer", "a str level");
    expect_error(call(compress_f, NULL, "(OL)", t, 1LL << 40), PyExc_OverflowError,
                 "signed integer is greater than maximum", "a level beyond int");
    expect_error(call(compress_f, NULL, "()"), PyExc_TypeError, "function takes at least 1 argument (0 given)",
                 "compress()");
    expect_error(call(compress_f, NULL, "(Oiiii)", t, 1, 1, 1, 1), PyExc_TypeError,
                 "function takes at most 4 arguments (5 given)", "compress with 5 arguments");
    expect_error(call(compress_f, kw_dict("{s:i}", "level", 3), "(O)", t), PyExc_TypeError,
                 "compress() takes no keyword arguments", "METH_VARARGS refuses keywords");

    Py_DECREF(empty);
    Py_DECREF(rnd);
    Py_DECREF(c_default);
    Py_DECREF(t);
}

CORPUS_MAIN("zstd", run)
