/* hiredis 3.5.0 (redis-py's accelerator): a Reader type over the bundled
 * hiredis RESP2/RESP3 parser, whose callbacks build the replies as Python
 * objects (bytes, ints, floats, bools, None, lists, dicts, sets as lists,
 * push notifications as a list subclass, errors made by calling the
 * configured exception class), with keyword-configured classes and
 * sentinels, feed() windows over any buffer, and pack_command over sds
 * strings (str, bytes, memoryview, int, float arguments).
 *
 * Vectors: tests/test_reader.py (every reply type, errors with custom
 * classes and callables, nested errors, feed offsets and lengths, maxbuf,
 * len/has_data, notEnoughData) and tests/test_pack.py (its five packed
 * commands, the wrong-type error). The encoding= options are left out:
 * they validate the codec through the codecs module, which only CPython
 * can import. Values are recorded and compared with the CPython build's;
 * the tests' exact ones are also checked.
 */
#include "corpus.h"

static PyObject *mod, *Reader, *ReplyError, *ProtocolError;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

/* A new Reader (kwargs stolen, may be NULL). */
static PyObject *reader(PyObject *kwargs)
{
    PyObject *no_args = PyTuple_New(0);
    PyObject *r = PyObject_Call(Reader, no_args, kwargs);
    Py_DECREF(no_args);
    Py_XDECREF(kwargs);
    if (r == NULL)
        bail("Reader() failed");
    return r;
}

static void feed(PyObject *r, const char *data, Py_ssize_t n)
{
    PyObject *res = PyObject_CallMethod(r, "feed", "y#", data, n);
    if (res == NULL)
        bail("feed failed");
    Py_DECREF(res);
}

/* Feeds `data` to a fresh Reader and records gets(). */
static void parse(const char *data, Py_ssize_t n, const char *what)
{
    PyObject *r = reader(NULL);
    feed(r, data, n);
    rec(PyObject_CallMethod(r, "gets", NULL), what);
    Py_DECREF(r);
}
#define PARSE(lit, what) parse(lit, (Py_ssize_t)sizeof lit - 1, what)

static void test_replies(void)
{
    PyObject *r = reader(NULL);
    expect_is(call_attr(r, "gets", NULL, "()"), Py_False, "gets() with nothing fed is False");
    record(call_attr(r, "feed", NULL, "(i)", 1), "feed(1)");
    Py_DECREF(r);
    PARSE(":9223372036854775807\r\n", "an integer reply of 2**63 - 1");
    PARSE(":-42\r\n", "an integer reply of -42");
    PARSE(",-99.990000\r\n", "a double reply of -99.99");
    PARSE(",inf\r\n", "a double reply of inf");
    PARSE("#t\r\n", "a boolean reply #t");
    PARSE("#f\r\n", "a boolean reply #f");
    PARSE("_\r\n", "a null reply");
    PARSE("~3\r\n+tangerine\r\n_\r\n,10.5\r\n", "a set reply");
    PARSE("~2\r\n+tangerine\r\n%1\r\n+a\r\n:1\r\n", "a set holding a map");
    PARSE("%2\r\n+radius\r\n,4.5\r\n+diameter\r\n:9\r\n", "a map reply");
    PARSE("%5\r\n+radius\r\n,4.5\r\n+diameter\r\n:9\r\n+nested_map\r\n%2\r\n+key1\r\n+value1\r\n+key2\r\n:2\r\n"
          "+nested_array\r\n*1\r\n+item1\r\n+nested_set\r\n~1\r\n+item2\r\n",
          "a map with nested map, array and set");
    PARSE("%1\r\n%1\r\n+key1\r\n+value1\r\n:9\r\n", "a map whose key is a map (unhashable)");
    PARSE("=8\r\ntxt:text\r\n", "a verbatim string");
    PARSE("+ok\r\n", "a status reply");
    PARSE("$0\r\n\r\n", "an empty bulk string");
    PARSE("$5\r\nhello\r\n", "a bulk string");
    PARSE("$3\r\n\xe2\x98\x83\r\n", "a bulk string of a snowman's UTF-8 (no encoding: bytes)");
    PARSE("*-1\r\n", "a null multi-bulk");
    PARSE("*0\r\n", "an empty multi-bulk");
    PARSE("*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n", "a multi-bulk");
    PARSE("*2\r\n*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n$1\r\n!\r\n", "a nested multi-bulk");
    PARSE("*1\r\n*1\r\n*1\r\n*1\r\n$1\r\n!\r\n", "a multi-bulk four deep");

    /* A push notification: a list subclass. */
    r = reader(NULL);
    feed(r, ">4\r\n+pubsub\r\n+message\r\n+channel\r\n+message\r\n", 43);
    PyObject *push = PyObject_CallMethod(r, "gets", NULL);
    PyObject *push_type = attr(mod, "PushNotification");
    rec(push ? PyBool_FromLong(PyObject_IsInstance(push, push_type)) : NULL, "a push reply is a PushNotification");
    rec(push ? PyBool_FromLong(PyList_Check(push)) : NULL, "... and a list");
    rec(push ? PySequence_List(push) : NULL, "... holding the four strings");
    Py_XDECREF(push);
    Py_DECREF(push_type);
    Py_DECREF(r);

    /* Replies split across feeds, several in one feed. */
    r = reader(NULL);
    feed(r, "$5\r\nhel", 7);
    rec(PyObject_CallMethod(r, "gets", NULL), "gets() on half a bulk string");
    feed(r, "lo\r\n+a\r\n+b\r\n", 12);
    rec(PyObject_CallMethod(r, "gets", NULL), "... the rest fed: the string");
    rec(PyObject_CallMethod(r, "gets", NULL), "... then +a");
    rec(PyObject_CallMethod(r, "has_data", NULL), "... has_data() with +b left");
    rec(PyObject_CallMethod(r, "gets", NULL), "... then +b");
    rec(PyObject_CallMethod(r, "has_data", NULL), "... has_data() at the end");
    rec(PyObject_CallMethod(r, "gets", NULL), "... then False");
    Py_DECREF(r);
}

static void test_errors(void)
{
    /* A protocol error raises the configured class. */
    PyObject *r = reader(NULL);
    feed(r, "x", 1);
    expect_error(call_attr(r, "gets", NULL, "()"), ProtocolError, NULL, "a protocol error raises ProtocolError");
    Py_DECREF(r);
    r = reader(NULL);
    feed(r, "x", 1);
    record(call_attr(r, "gets", NULL, "()"), "the protocol error's message");
    Py_DECREF(r);
    r = reader(kw_dict("{s:O}", "protocolError", PyExc_RuntimeError));
    feed(r, "x", 1);
    expect_error(call_attr(r, "gets", NULL, "()"), PyExc_RuntimeError, NULL, "protocolError=RuntimeError");
    Py_DECREF(r);
    record(call(Reader, kw_dict("{s:O}", "protocolError", Py_None), "()"), "Reader(protocolError=None)");
    record(call(Reader, kw_dict("{s:i}", "replyError", 5), "()"), "Reader(replyError=5)");
    record(call(Reader, kw_dict("{s:i}", "bogus", 5), "()"), "Reader(bogus=5)");

    /* Error replies are returned as instances, not raised. */
    r = reader(NULL);
    feed(r, "-error\r\n", 8);
    PyObject *err = PyObject_CallMethod(r, "gets", NULL);
    expect_true(err != NULL && PyObject_IsInstance(err, ReplyError) == 1, "an error reply is a ReplyError instance");
    rec(err ? PyObject_GetAttrString(err, "args") : NULL, "... its args");
    Py_XDECREF(err);
    Py_DECREF(r);
    r = reader(kw_dict("{s:O}", "replyError", PyExc_RuntimeError));
    feed(r, "-error\r\n", 8);
    err = PyObject_CallMethod(r, "gets", NULL);
    rec(err ? PyObject_Repr(err) : NULL, "replyError=RuntimeError: the reply");
    Py_XDECREF(err);
    Py_DECREF(r);
    r = reader(NULL);
    feed(r, "-\xe2\x98\x83\xff error\r\n", 13);
    err = PyObject_CallMethod(r, "gets", NULL);
    rec(err ? PyObject_GetAttrString(err, "args") : NULL, "an error reply with non-UTF-8 bytes: its args");
    Py_XDECREF(err);
    Py_DECREF(r);
    r = reader(NULL);
    feed(r, "*3\r\n$1\r\nx\r\n-err1\r\n*1\r\n-err2\r\n", 29);
    PyObject *nested = PyObject_CallMethod(r, "gets", NULL);
    rec(nested ? PyObject_Repr(nested) : NULL, "errors nested in a multi-bulk");
    Py_XDECREF(nested);
    Py_DECREF(r);
}

static void test_reader_options(void)
{
    PyObject *r = reader(NULL);
    PyObject *data = PyBytes_FromString("+ok\r\n");
    record(call_attr(r, "feed", NULL, "(Oi)", data, 6), "feed(data, 6) (offset past the end)");
    record(call_attr(r, "feed", NULL, "(Oii)", data, 0, 6), "feed(data, 0, 6) (length past the end)");
    record(call_attr(r, "feed", NULL, "(Oi)", data, -1), "feed(data, -1)");
    Py_DECREF(data);
    Py_DECREF(r);
    r = reader(NULL);
    feed(r, "", 0);
    PyObject *blah = PyBytes_FromString("blah+ok\r\n");
    Py_XDECREF(PyObject_CallMethod(r, "feed", "Oi", blah, 4));
    expect_bytes(call_attr(r, "gets", NULL, "()"), "ok", 2, "feed(b'blah+ok\\r\\n', 4)");
    Py_XDECREF(PyObject_CallMethod(r, "feed", "Oii", blah, 4, 5));
    expect_bytes(call_attr(r, "gets", NULL, "()"), "ok", 2, "feed(b'blah+ok\\r\\n', 4, 5)");
    PyObject *ba = PyByteArray_FromStringAndSize("+ok\r\n", 5);
    Py_XDECREF(PyObject_CallMethod(r, "feed", "O", ba));
    expect_bytes(call_attr(r, "gets", NULL, "()"), "ok", 2, "feed(bytearray(b'+ok\\r\\n'))");
    PyObject *mv = PyMemoryView_FromObject(blah);
    Py_XDECREF(PyObject_CallMethod(r, "feed", "Oi", mv, 4));
    expect_bytes(call_attr(r, "gets", NULL, "()"), "ok", 2, "feed(memoryview(b'blah+ok\\r\\n'), 4)");
    Py_DECREF(mv);
    Py_DECREF(ba);
    Py_DECREF(blah);

    /* maxbuf, len, has_data. */
    rec(PyObject_CallMethod(r, "getmaxbuf", NULL), "getmaxbuf() by default");
    rec(PyObject_CallMethod(r, "setmaxbuf", "i", 0), "setmaxbuf(0)");
    rec(PyObject_CallMethod(r, "getmaxbuf", NULL), "getmaxbuf() after setmaxbuf(0)");
    rec(PyObject_CallMethod(r, "setmaxbuf", "i", 10000), "setmaxbuf(10000)");
    rec(PyObject_CallMethod(r, "getmaxbuf", NULL), "getmaxbuf()");
    rec(PyObject_CallMethod(r, "setmaxbuf", "O", Py_None), "setmaxbuf(None)");
    rec(PyObject_CallMethod(r, "getmaxbuf", NULL), "getmaxbuf() after setmaxbuf(None)");
    rec(PyObject_CallMethod(r, "setmaxbuf", "i", -4), "setmaxbuf(-4)");
    Py_DECREF(r);
    r = reader(NULL);
    rec(PyObject_CallMethod(r, "len", NULL), "len() of a new reader");
    feed(r, "+ok\r\n", 5);
    rec(PyObject_CallMethod(r, "len", NULL), "len() after feeding 5 bytes");
    for (int i = 0; i < 205; i++) {
        feed(r, "+ok\r\n", 5);
        Py_XDECREF(PyObject_CallMethod(r, "gets", NULL));
    }
    rec(PyObject_CallMethod(r, "len", NULL), "len() after 1 KiB consumed (the buffer compacted)");
    Py_DECREF(r);

    /* notEnoughData and the other sentinels. */
    r = reader(kw_dict("{s:O}", "notEnoughData", Py_Ellipsis));
    expect_is(call_attr(r, "gets", NULL, "()"), Py_Ellipsis, "Reader(notEnoughData=Ellipsis).gets()");
    Py_DECREF(r);
    r = reader(NULL);
    feed(r, "+ok\r\n", 5);
    rec(PyObject_CallMethod(r, "gets", "O", Py_False), "gets(False)");
    rec(PyObject_CallMethod(r, "gets", "ii", 1, 2), "gets(1, 2)");
    Py_DECREF(r);
}

static void test_pack(void)
{
    PyObject *pack = attr(mod, "pack_command");
    PyObject *mv_src = PyBytes_FromString("bytes str");
    PyObject *mv = PyMemoryView_FromObject(mv_src);
    static const char ALL_TYPES[] =
        "*12\r\n$4\r\nHSET\r\n$3\r\nfoo\r\n$3\r\nkey\r\n$6\r\nvalue1\r\n$5\r\nkey_b\r\n$9\r\nbytes str\r\n$6\r\nkey_mv\r\n"
        "$9\r\nbytes str\r\n$5\r\nkey_i\r\n$2\r\n67\r\n$5\r\nkey_f\r\n$13\r\n3.14159265359\r\n";
    expect_bytes(call(pack, NULL, "((ssssyysOyisd))", "HSET", "foo", "key", "value1", "key_b", "bytes str", "key_mv", mv,
                      "key_i", 67, "key_f", 3.14159265359),
                 ALL_TYPES, (Py_ssize_t)sizeof ALL_TYPES - 1, "pack_command(all_types)");
    static const char SPACES[] =
        "*9\r\n$7\r\nCOMMAND\r\n$7\r\nGETKEYS\r\n$4\r\nEVAL\r\n$40\r\nreturn {KEYS[1],KEYS[2],ARGV[1],ARGV[2]}\r\n$1\r\n2\r\n"
        "$4\r\nkey1\r\n$4\r\nkey2\r\n$5\r\nfirst\r\n$6\r\nsecond\r\n";
    expect_bytes(call(pack, NULL, "((ssssissss))", "COMMAND", "GETKEYS", "EVAL",
                      "return {KEYS[1],KEYS[2],ARGV[1],ARGV[2]}", 2, "key1", "key2", "first", "second"),
                 SPACES, (Py_ssize_t)sizeof SPACES - 1, "pack_command(spaces_in_cmd)");
    static const char NULS[] = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$4\r\n\xaa\x00\xffU\r\n";
    expect_bytes(call(pack, NULL, "((ssy#))", "SET", "a", "\xaa\x00\xffU", (Py_ssize_t)4), NULS,
                 (Py_ssize_t)sizeof NULS - 1, "pack_command(null_chars)");
    static const char ENCODING[] =
        "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$12\r\n\xD0\xB9\xD7\x93\xD7\x91\xEB\xAC\xB8\xE8\xAB\xBA\r\n";
    expect_bytes(call(pack, NULL, "((sss))", "SET", "a", "\xD0\xB9\xD7\x93\xD7\x91\xEB\xAC\xB8\xE8\xAB\xBA"), ENCODING,
                 (Py_ssize_t)sizeof ENCODING - 1, "pack_command(encoding)");
    PyObject *big = PyLong_FromString("340282366920938463463374607431768211456", NULL, 10);
    static const char BIG[] = "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$39\r\n340282366920938463463374607431768211456\r\n";
    expect_bytes(call(pack, NULL, "((ssO))", "SET", "a", big), BIG, (Py_ssize_t)sizeof BIG - 1, "pack_command(big_int)");
    record(call(pack, NULL, "((ssO))", "HSET", "foo", Py_True), "pack_command(('HSET', 'foo', True))");
    record(call(pack, NULL, "((ssO))", "HSET", "foo", Py_None), "pack_command(('HSET', 'foo', None))");
    record(call(pack, NULL, "([ss])", "GET", "a"), "pack_command(['GET', 'a'])");
    record(call(pack, NULL, "(())"), "pack_command(())");
    record(call(pack, NULL, "((sd))", "SET", 1e100), "pack_command(('SET', 1e100))");
    Py_DECREF(big);
    Py_DECREF(mv);
    Py_DECREF(mv_src);
    Py_DECREF(pack);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    mod = module;
    Reader = attr(mod, "Reader");
    ReplyError = attr(mod, "ReplyError");
    ProtocolError = attr(mod, "ProtocolError");
    PyObject *mro = PyObject_GetAttrString(ReplyError, "__mro__");
    rec(mro, "ReplyError.__mro__");
    test_replies();
    test_errors();
    test_reader_options();
    test_pack();
    Py_DECREF(ProtocolError);
    Py_DECREF(ReplyError);
    Py_DECREF(Reader);
}

CORPUS_MAIN("hiredis", run)
