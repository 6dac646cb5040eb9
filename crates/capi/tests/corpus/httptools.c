/* httptools 0.9.0's httptools.parser.parser: HttpRequestParser and
 * HttpResponseParser, Cython 3.3.0 cdef classes (a base cdef class with
 * __cinit__ / __dealloc__ holding llhttp's parser in PyMem memory, two
 * subclasses with __init__) that drive the bundled llhttp and call back
 * into a protocol object: every on_* callback is looked up once with
 * getattr(protocol, name, None), called with bytes arguments, and an
 * exception it raises is kept and chained as __context__ of the
 * HttpParserCallbackError that feed_data raises. feed_data reads a
 * memoryview through PyMemoryView_GET_BUFFER and anything else through
 * PyObject_GetBuffer(PyBUF_SIMPLE); an upgrade raises HttpParserUpgrade
 * with the offset of the data after the head. The error classes come
 * from a relative import of the package's Python module `errors`, and
 * `typing.Optional` is imported for the annotations.
 *
 * Vectors: tests/test_parser.py's TestResponseParser and TestRequestParser
 * (every test: responses, lenient headers, callback errors with their
 * __context__, upgrades, chunked requests, invalid methods / URLs /
 * statuses, fragmented requests down to one byte at a time). The
 * protocol is a module object whose attributes are C functions that log
 * each call; the log is checked against the tests' assertions and
 * recorded. The errors module is stood in for by the driver (exception
 * classes from PyErr_NewException, under both hosts).
 */
#include "corpus.h"

static PyObject *Request, *Response;
static PyObject *ParserError, *CallbackError, *InvalidStatus, *InvalidMethod, *InvalidURL, *Upgrade;
/* An exception class the callbacks raise (the tests' local `Error`). */
static PyObject *CbError;

static void rec(PyObject *r, const char *what)
{
    print_record(r, what);
    Py_XDECREF(r);
    tap(1, what);
}

static void stand_in_imports(void)
{
    PyObject *pkg = PyImport_AddModule("httptools"); /* borrowed */
    PyObject *sub = PyImport_AddModule("httptools.parser");
    PyObject *errors = PyImport_AddModule("httptools.parser.errors");
    if (pkg == NULL || sub == NULL || errors == NULL)
        bail("cannot add the httptools package modules");
    PyObject *path = PyList_New(0);
    PyObject_SetAttrString(pkg, "__path__", path);
    PyObject_SetAttrString(sub, "__path__", path);
    Py_DECREF(path);
    ParserError = PyErr_NewException("httptools.parser.errors.HttpParserError", NULL, NULL);
    CallbackError = PyErr_NewException("httptools.parser.errors.HttpParserCallbackError", ParserError, NULL);
    InvalidStatus = PyErr_NewException("httptools.parser.errors.HttpParserInvalidStatusError", ParserError, NULL);
    InvalidMethod = PyErr_NewException("httptools.parser.errors.HttpParserInvalidMethodError", ParserError, NULL);
    InvalidURL = PyErr_NewException("httptools.parser.errors.HttpParserInvalidURLError", ParserError, NULL);
    Upgrade = PyErr_NewException("httptools.parser.errors.HttpParserUpgrade", NULL, NULL);
    CbError = PyErr_NewException("test.Error", NULL, NULL);
    struct {
        const char *name;
        PyObject *cls;
    } classes[] = {{"HttpParserError", ParserError},          {"HttpParserCallbackError", CallbackError},
                   {"HttpParserInvalidStatusError", InvalidStatus}, {"HttpParserInvalidMethodError", InvalidMethod},
                   {"HttpParserInvalidURLError", InvalidURL},   {"HttpParserUpgrade", Upgrade}};
    for (int i = 0; i < 6; i++)
        if (classes[i].cls == NULL || PyModule_AddObject(errors, classes[i].name, Py_NewRef(classes[i].cls)) < 0)
            bail("cannot fill httptools.parser.errors");
    /* `from typing import Optional`: the standard library's where the host
       has one, else a stand-in (it only names the annotations). */
    PyObject *typing = PyImport_ImportModule("typing");
    if (typing == NULL) {
        PyErr_Clear();
        PyObject *t = PyImport_AddModule("typing");
        if (t == NULL || PyModule_AddObject(t, "Optional", Py_NewRef(Py_None)) < 0)
            bail("cannot stand in for typing");
    }
    Py_XDECREF(typing);
}

/* ------------------------------------------------------------------ */
/*                  A protocol that logs its callbacks                */
/* ------------------------------------------------------------------ */

static const char *CALLBACKS[] = {"on_message_begin", "on_url",           "on_status",       "on_header",
                                  "on_headers_complete", "on_body",       "on_message_complete",
                                  "on_chunk_header",  "on_chunk_complete"};
#define N_CALLBACKS 9

/* self: (name, log, headers, raise?, parser-holder). Appends
   (name, *args) to log; on_header also sets headers[args[0]] = args[1];
   with a parser in the holder, logs its should_upgrade() too. */
static PyObject *callback(PyObject *self, PyObject *args)
{
    PyObject *name = PyTuple_GET_ITEM(self, 0), *log = PyTuple_GET_ITEM(self, 1);
    PyObject *headers = PyTuple_GET_ITEM(self, 2), *raise = PyTuple_GET_ITEM(self, 3);
    PyObject *holder = PyTuple_GET_ITEM(self, 4);
    PyObject *head = PyTuple_Pack(1, name);
    PyObject *entry = head ? PySequence_Concat(head, args) : NULL;
    Py_XDECREF(head);
    if (entry == NULL || PyList_Append(log, entry) < 0) {
        Py_XDECREF(entry);
        return NULL;
    }
    Py_DECREF(entry);
    if (strcmp(PyUnicode_AsUTF8(name), "on_header") == 0 && PyTuple_GET_SIZE(args) == 2
        && PyDict_SetItem(headers, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1)) < 0)
        return NULL;
    if (PyList_GET_SIZE(holder) > 0) {
        PyObject *up = PyObject_CallMethod(PyList_GET_ITEM(holder, 0), "should_upgrade", NULL);
        if (up == NULL)
            return NULL;
        PyObject *e = PyTuple_Pack(2, name, up);
        Py_DECREF(up);
        if (e == NULL || PyList_Append(log, e) < 0) {
            Py_XDECREF(e);
            return NULL;
        }
        Py_DECREF(e);
    }
    if (raise != Py_None) {
        PyErr_SetNone(raise);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef callback_def = {"callback", callback, METH_VARARGS, NULL};

typedef struct {
    PyObject *proto, *log, *headers, *holder;
} Proto;

/* A protocol with every callback except those named in `absent` (a
   comma-separated list; each is set to None), `failing` raising CbError
   (or `exc` if given). */
static Proto make_proto(const char *absent, const char *failing, PyObject *exc)
{
    Proto p;
    p.proto = PyModule_New("protocol");
    p.log = PyList_New(0);
    p.headers = PyDict_New();
    p.holder = PyList_New(0);
    for (int i = 0; i < N_CALLBACKS; i++) {
        const char *n = CALLBACKS[i];
        char pattern[64];
        snprintf(pattern, sizeof pattern, ",%s,", n);
        char list[256];
        snprintf(list, sizeof list, ",%s,", absent ? absent : "");
        if (strstr(list, pattern)) {
            PyObject_SetAttrString(p.proto, n, Py_None);
            continue;
        }
        int fails = failing && strcmp(failing, n) == 0;
        PyObject *self = Py_BuildValue("(sOOOO)", n, p.log, p.headers, fails ? (exc ? exc : CbError) : Py_None,
                                       p.holder);
        PyObject *fn = self ? PyCFunction_New(&callback_def, self) : NULL;
        Py_XDECREF(self);
        if (fn == NULL || PyObject_SetAttrString(p.proto, n, fn) < 0)
            bail("cannot make the protocol");
        Py_DECREF(fn);
    }
    return p;
}

static void free_proto(Proto *p)
{
    PyList_SetSlice(p->holder, 0, PyList_GET_SIZE(p->holder), NULL);
    Py_DECREF(p->proto);
    Py_DECREF(p->log);
    Py_DECREF(p->headers);
    Py_DECREF(p->holder);
}

/* How many logged calls of callback `name` (with `args` repr'd, if not
   NULL: "(b'OK',)" style) there are. */
static int count_calls(Proto *p, const char *name, const char *args)
{
    int n = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(p->log); i++) {
        PyObject *e = PyList_GET_ITEM(p->log, i);
        if (strcmp(PyUnicode_AsUTF8(PyTuple_GET_ITEM(e, 0)), name) != 0)
            continue;
        if (args) {
            PyObject *rest = PyTuple_GetSlice(e, 1, PyTuple_GET_SIZE(e));
            PyObject *r = PyObject_Repr(rest);
            int same = r && strcmp(PyUnicode_AsUTF8(r), args) == 0;
            Py_XDECREF(r);
            Py_XDECREF(rest);
            if (!same)
                continue;
        }
        n++;
    }
    return n;
}

/* The last logged call of `name`, its arguments repr'd, is `args`. */
static int last_call_is(Proto *p, const char *name, const char *args)
{
    for (Py_ssize_t i = PyList_GET_SIZE(p->log) - 1; i >= 0; i--) {
        PyObject *e = PyList_GET_ITEM(p->log, i);
        if (strcmp(PyUnicode_AsUTF8(PyTuple_GET_ITEM(e, 0)), name) != 0)
            continue;
        PyObject *rest = PyTuple_GetSlice(e, 1, PyTuple_GET_SIZE(e));
        PyObject *r = PyObject_Repr(rest);
        int same = r && strcmp(PyUnicode_AsUTF8(r), args) == 0;
        if (!same)
            diag("last %s%s, expected %s; ", name, r ? PyUnicode_AsUTF8(r) : "?", args);
        Py_XDECREF(r);
        Py_XDECREF(rest);
        return same;
    }
    diag("%s never called; ", name);
    return 0;
}

static int repr_is(PyObject *o, const char *want)
{
    PyObject *r = o ? PyObject_Repr(o) : NULL;
    int same = r && strcmp(PyUnicode_AsUTF8(r), want) == 0;
    if (!same)
        diag("got %s, expected %s; ", r ? PyUnicode_AsUTF8(r) : "?", want);
    Py_XDECREF(r);
    PyErr_Clear();
    return same;
}

/* parser.method() repr'd is `want`. */
static int method_is(PyObject *parser, const char *method, const char *want)
{
    PyObject *r = PyObject_CallMethod(parser, method, NULL);
    if (r == NULL)
        diag_exception();
    int same = r && repr_is(r, want);
    Py_XDECREF(r);
    return same;
}

static PyObject *new_parser(PyObject *cls, PyObject *proto)
{
    PyObject *p = PyObject_CallOneArg(cls, proto);
    if (p == NULL)
        bail("cannot make a parser");
    return p;
}

/* feed_data(data) (data stolen); returns 1 when it succeeded. On failure
   the exception stays set. */
static int feed(PyObject *parser, PyObject *data)
{
    PyObject *r = PyObject_CallMethod(parser, "feed_data", "O", data);
    Py_DECREF(data);
    Py_XDECREF(r);
    return r != NULL;
}

/* feed() expected to succeed: a failure's exception goes to the
   diagnostics (and is cleared). */
static int feed_ok(PyObject *parser, PyObject *data)
{
    int ok = feed(parser, data);
    if (!ok)
        diag_exception();
    return ok;
}

static PyObject *B(const char *s)
{
    return PyBytes_FromString(s);
}

/* The pending exception is `cls`; records it and, if context_cls, checks
   its __context__ is a context_cls. Clears it. Returns the verdict. */
static int raised(PyObject *cls, PyObject *context_cls, const char *what)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    int ok = type != NULL && PyErr_GivenExceptionMatches(type, cls);
    if (type) {
        PyErr_NormalizeException(&type, &value, &tb);
        if (context_cls) {
            PyObject *ctx = PyException_GetContext(value);
            if (!(ctx && PyObject_TypeCheck(ctx, (PyTypeObject *)context_cls))) {
                diag("__context__ is %s; ", ctx ? Py_TYPE(ctx)->tp_name : "None");
                ok = 0;
            }
            Py_XDECREF(ctx);
        }
        PyErr_Restore(Py_NewRef(type), Py_XNewRef(value), Py_XNewRef(tb));
        print_record(NULL, what);
    } else {
        diag("nothing raised; ");
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return ok;
}

/* ------------------------------------------------------------------ */
/*                              Vectors                               */
/* ------------------------------------------------------------------ */

static const char RESPONSE1_HEAD[] = "HTTP/1.1 200 OK\r\n"
                                     "Date: Mon, 23 May 2005 22:38:34 GMT\r\n"
                                     "Server: Apache/1.3.3.7 (Unix) (Red-Hat/Linux)\r\n"
                                     "Last-Modified: Wed, 08 Jan 2003 23:11:55 GMT\r\n"
                                     "ETag: \"3f80f-1b6-3e1cb03b\"\r\n"
                                     "Content-Type: text/html; charset=UTF-8\r\n"
                                     "Content-Length: 130\r\n"
                                     "Accept-Ranges: bytes\r\n"
                                     "Connection: close\r\n"
                                     "\r\n";

static const char RESPONSE1_SPACES_IN_HEAD[] = "HTTP/1.1 200 OK\r\n"
                                               "Date: Mon, 23 May 2005 22:38:34 GMT\r\n"
                                               "Server: Apache/1.3.3.7\r\n"
                                               "        (Unix) (Red-Hat/Linux)\r\n"
                                               "Last-Modified: Wed, 08 Jan 2003 23:11:55 GMT\r\n"
                                               "ETag: \"3f80f-1b6-3e1cb03b\"\r\n"
                                               "Content-Type: text/html;\r\n"
                                               "  charset=UTF-8\r\n"
                                               "Content-Length: 130\r\n"
                                               "Accept-Ranges: bytes\r\n"
                                               "Connection: close\r\n"
                                               "\r\n";

static const char RESPONSE1_BODY[] = "\n<html>\n<head>\n  <title>An Example Page</title>\n</head>\n<body>\n"
                                     "  Hello World, this is a very simple HTML document.\n</body>\n</html>";

static const char CHUNKED_REQUEST1_1[] = "POST /test.php?a=b+c HTTP/1.1\r\n"
                                         "User-Agent: Fooo\r\n"
                                         "Host: bar\r\n"
                                         "Transfer-Encoding: chunked\r\n"
                                         "\r\n"
                                         "5\r\nhello\r\n6\r\n world\r\n";

static const char CHUNKED_REQUEST1_2[] = "0\r\nVary: *\r\nUser-Agent: spam\r\n\r\n";

static const char CHUNKED_REQUEST1_3[] = "POST /test.php?a=b+c HTTP/1.1\r\n"
                                         "User-Agent: Fooo\r\n"
                                         "Host: bar\r\n"
                                         "Transfer-Encoding: chunked\r\n"
                                         "\r\n"
                                         "b\r\n+\xce\xcfM\xb5MI,I\x04\x00\r\n0\r\n\r\n";
#define CHUNKED_REQUEST1_3_LEN (sizeof CHUNKED_REQUEST1_3 - 1)

static const char UPGRADE_REQUEST1[] = "GET /demo HTTP/1.1\r\n"
                                       "Host: example.com\r\n"
                                       "Connection: Upgrade\r\n"
                                       "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
                                       "Sec-WebSocket-Protocol: sample\r\n"
                                       "Upgrade: WebSocket\r\n"
                                       "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                                       "Origin: http://example.com\r\n"
                                       "\r\n"
                                       "Hot diggity dogg";

static const char UPGRADE_RESPONSE1[] = "HTTP/1.1 101 Switching Protocols\r\n"
                                        "UPGRADE: websocket\r\n"
                                        "SEC-WEBSOCKET-ACCEPT: rVg+XakFNFOxk3ZH0lzrZBmg0aU=\r\n"
                                        "TRANSFER-ENCODING: chunked\r\n"
                                        "CONNECTION: upgrade\r\n"
                                        "DATE: Sat, 07 May 2016 23:44:32 GMT\r\n"
                                        "SERVER: Python/3.4 aiohttp/1.0.3\r\n"
                                        "\r\n"
                                        "data";

static PyObject *head_plus_body(void)
{
    return PyBytes_FromFormat("%s%s", RESPONSE1_HEAD, RESPONSE1_BODY);
}

static PyObject *header(Proto *p, const char *name)
{
    PyObject *k = B(name);
    PyObject *v = PyDict_GetItemWithError(p->headers, k);
    Py_DECREF(k);
    return v;
}

static void test_response(void)
{
    Proto m = make_proto(NULL, NULL, NULL);
    PyObject *p = new_parser(Response, m.proto);
    PyObject *head = B(RESPONSE1_HEAD);
    int ok = feed_ok(p, PyMemoryView_FromObject(head));
    Py_DECREF(head);
    if (!ok)
        diag_exception();
    tap(ok, "response 1: feed_data(memoryview(head))");
    expect_true(method_is(p, "get_http_version", "'1.1'") && method_is(p, "get_status_code", "200"),
                "... version 1.1, status 200");
    expect_true(count_calls(&m, "on_status", "(b'OK',)") == 1 && count_calls(&m, "on_status", NULL) == 1,
                "... on_status(b'OK') once");
    expect_true(count_calls(&m, "on_headers_complete", "()") == 1 && count_calls(&m, "on_header", NULL) == 8
                    && PyDict_GET_SIZE(m.headers) == 8,
                "... on_headers_complete once, 8 headers");
    expect_true(repr_is(header(&m, "Connection"), "b'close'")
                    && repr_is(header(&m, "Content-Type"), "b'text/html; charset=UTF-8'"),
                "... Connection and Content-Type");
    expect_true(count_calls(&m, "on_body", NULL) == 0, "... no body yet");
    ok = feed_ok(p, PyByteArray_FromStringAndSize(RESPONSE1_BODY, sizeof RESPONSE1_BODY - 1));
    if (!ok)
        diag_exception();
    PyObject *body = PyBytes_FromString(RESPONSE1_BODY);
    PyObject *want = PyUnicode_FromFormat("(%R,)", body);
    Py_DECREF(body);
    expect_true(ok && count_calls(&m, "on_body", PyUnicode_AsUTF8(want)) == 1 && count_calls(&m, "on_body", NULL) == 1,
                "... feed_data(bytearray(body)): on_body(body) once");
    Py_DECREF(want);
    expect_true(count_calls(&m, "on_message_complete", "()") == 1 && count_calls(&m, "on_url", NULL) == 0
                    && count_calls(&m, "on_chunk_header", NULL) == 0 && count_calls(&m, "on_chunk_complete", NULL) == 0,
                "... on_message_complete once; no url, no chunks");
    rec(method_is(p, "should_keep_alive", "False") ? Py_NewRef(Py_True) : NULL, "... should_keep_alive() is False");
    record_value(m.log, "... the callback log");
    Py_DECREF(p);
    free_proto(&m);

    p = new_parser(Response, Py_None);
    ok = !feed(p, B("12123123"));
    expect_true(ok && raised(ParserError, NULL, "response 1b: feed_data(b'12123123')"), "response 1b: HttpParserError");
    Py_DECREF(p);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Response, m.proto);
    PyObject *spaces = B(RESPONSE1_SPACES_IN_HEAD);
    ok = !feed(p, PyMemoryView_FromObject(spaces));
    expect_true(ok && raised(ParserError, NULL, "lenient headers 1: whitespace"),
                "lenient headers 1: HttpParserError (whitespace after header value)");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Response, m.proto);
    PyObject *r = PyObject_CallMethod(p, "set_dangerous_leniencies", NULL);
    expect_true(r == Py_None, "set_dangerous_leniencies()");
    Py_XDECREF(r);
    PyObject *kw = Py_BuildValue("{s:O}", "lenient_headers", Py_True), *noargs = PyTuple_New(0);
    PyObject *meth = PyObject_GetAttrString(p, "set_dangerous_leniencies");
    PyObject *kw2 = Py_BuildValue("{s:O}", "lenient_nonesuch", Py_True);
    rec(meth ? PyObject_Call(meth, noargs, kw2) : NULL, "set_dangerous_leniencies(lenient_nonesuch=True)");
    Py_DECREF(kw2);
    rec(meth ? PyObject_CallFunction(meth, "O", Py_False) : NULL, "set_dangerous_leniencies(False)");
    r = meth ? PyObject_Call(meth, noargs, kw) : NULL;
    expect_true(r == Py_None, "set_dangerous_leniencies(lenient_headers=True)");
    Py_XDECREF(r);
    Py_DECREF(kw);
    Py_XDECREF(meth);
    Py_DECREF(noargs);
    ok = feed_ok(p, PyMemoryView_FromObject(spaces));
    if (!ok)
        diag_exception();
    tap(ok, "lenient headers 2: the head parses");
    expect_true(method_is(p, "get_http_version", "'1.1'") && method_is(p, "get_status_code", "200")
                    && count_calls(&m, "on_status", "(b'OK',)") == 1 && count_calls(&m, "on_header", NULL) == 8
                    && PyDict_GET_SIZE(m.headers) == 8 && repr_is(header(&m, "Connection"), "b'close'")
                    && repr_is(header(&m, "Content-Type"), "b'text/html;  charset=UTF-8'"),
                "... status, 8 headers, the folded Content-Type");
    ok = feed_ok(p, PyByteArray_FromStringAndSize(RESPONSE1_BODY, sizeof RESPONSE1_BODY - 1));
    expect_true(ok && count_calls(&m, "on_body", NULL) == 1 && count_calls(&m, "on_message_complete", "()") == 1,
                "... body and message complete");
    record_value(m.log, "... the callback log");
    Py_DECREF(spaces);
    Py_DECREF(p);
    free_proto(&m);

    p = new_parser(Response, Py_None);
    rec(feed(p, PyUnicode_FromString("")) ? Py_NewRef(Py_None) : NULL, "response 2: feed_data('')");
    rec(feed(p, Py_NewRef(Py_None)) ? Py_NewRef(Py_None) : NULL, "feed_data(None)");
    rec(PyObject_CallMethod(p, "feed_data", NULL), "feed_data()");
    Py_DECREF(p);

    static const char *failing[] = {"on_header", "on_headers_complete", "on_body", "on_message_complete", "on_status"};
    for (int i = 0; i < 5; i++) {
        m = make_proto(NULL, failing[i], PyExc_Exception);
        p = new_parser(Response, m.proto);
        char what[96];
        snprintf(what, sizeof what, "response 3: %s raising Exception", failing[i]);
        ok = !feed(p, head_plus_body());
        expect_true(ok && raised(CallbackError, PyExc_Exception, what), what);
        Py_DECREF(p);
        free_proto(&m);
    }
    static const char *failing2[] = {"on_status", "on_body", "on_message_complete"};
    for (int i = 0; i < 3; i++) {
        m = make_proto(NULL, failing2[i], NULL);
        p = new_parser(Response, m.proto);
        char what[96];
        snprintf(what, sizeof what, "cb %s raising Error: __context__ is the Error", failing2[i]);
        ok = !feed(p, head_plus_body());
        expect_true(ok && raised(CallbackError, CbError, what), what);
        Py_DECREF(p);
        free_proto(&m);
    }

    p = new_parser(Response, Py_None);
    ok = !feed(p, B("HTTP/1.1 1299 FOOSPAM\r\n"));
    expect_true(ok && raised(InvalidStatus, NULL, "response 4: status 1299"), "response 4: HttpParserInvalidStatusError");
    Py_DECREF(p);

    m = make_proto("on_status,on_header,on_body,on_headers_complete,on_chunk_header,on_chunk_complete", NULL, NULL);
    p = new_parser(Response, m.proto);
    ok = feed_ok(p, B(RESPONSE1_HEAD)) && feed_ok(p, B(RESPONSE1_BODY));
    if (!ok)
        diag_exception();
    expect_true(ok && count_calls(&m, "on_message_complete", "()") == 1 && PyList_GET_SIZE(m.log) == 2,
                "response 5: callbacks set to None are skipped");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Response, m.proto);
    ok = !feed(p, B(UPGRADE_RESPONSE1));
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    ok = ok && type && PyErr_GivenExceptionMatches(type, Upgrade);
    PyObject *args = value ? PyObject_GetAttrString(value, "args") : NULL;
    Py_ssize_t offset = args && PyTuple_GET_SIZE(args) == 1 ? PyLong_AsSsize_t(PyTuple_GET_ITEM(args, 0)) : -1;
    expect_true(ok && offset >= 0 && strcmp(UPGRADE_RESPONSE1 + offset, "data") == 0,
                "upgrade response: HttpParserUpgrade(offset of b'data')");
    Py_XDECREF(args);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    expect_true(method_is(p, "get_http_version", "'1.1'") && method_is(p, "get_status_code", "101")
                    && count_calls(&m, "on_status", "(b'Switching Protocols',)") == 1
                    && count_calls(&m, "on_headers_complete", "()") == 1 && count_calls(&m, "on_header", NULL) == 6
                    && PyDict_GET_SIZE(m.headers) == 6 && count_calls(&m, "on_message_complete", "()") == 1,
                "... status 101, 6 headers, message complete");
    rec(PyObject_CallMethod(p, "should_upgrade", NULL), "... should_upgrade()");
    Py_DECREF(p);
    free_proto(&m);
}

static void test_request(void)
{
    Proto m = make_proto(NULL, NULL, NULL);
    PyObject *p = new_parser(Request, m.proto);
    int ok = feed_ok(p, B(CHUNKED_REQUEST1_1));
    if (!ok)
        diag_exception();
    tap(ok, "chunked 1: feed_data(first part)");
    expect_true(method_is(p, "get_method", "b'POST'") && count_calls(&m, "on_message_begin", "()") == 1
                    && count_calls(&m, "on_url", "(b'/test.php?a=b+c',)") == 1
                    && method_is(p, "get_http_version", "'1.1'")
                    && last_call_is(&m, "on_header", "(b'Transfer-Encoding', b'chunked')")
                    && last_call_is(&m, "on_chunk_header", "()") && last_call_is(&m, "on_chunk_complete", "()")
                    && count_calls(&m, "on_message_complete", NULL) == 0,
                "... POST, begin once, url, last header, chunks, not complete");
    record_value(m.log, "... the callback log");
    PyList_SetSlice(m.log, 0, PyList_GET_SIZE(m.log), NULL);
    ok = feed_ok(p, B(CHUNKED_REQUEST1_2));
    expect_true(ok && last_call_is(&m, "on_chunk_header", "()") && last_call_is(&m, "on_chunk_complete", "()")
                    && last_call_is(&m, "on_header", "(b'User-Agent', b'spam')")
                    && count_calls(&m, "on_header", NULL) == 2 && count_calls(&m, "on_message_begin", NULL) == 0
                    && count_calls(&m, "on_message_complete", "()") == 1,
                "... second part: trailers, complete");
    record_value(m.log, "... the callback log");
    rec(PyObject_CallMethod(p, "should_keep_alive", NULL), "... should_keep_alive()");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto("on_url,on_body,on_headers_complete,on_chunk_header,on_chunk_complete", NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = feed_ok(p, B(CHUNKED_REQUEST1_1)) && feed_ok(p, B(CHUNKED_REQUEST1_2));
    if (!ok)
        diag_exception();
    expect_true(ok && repr_is(m.headers, "{b'User-Agent': b'spam', b'Host': b'bar', b'Transfer-Encoding': b'chunked', "
                                         "b'Vary': b'*'}"),
                "chunked 2: headers and trailers");
    Py_DECREF(p);
    free_proto(&m);

    static const char *failing[] = {"on_chunk_header", "on_chunk_complete"};
    for (int i = 0; i < 2; i++) {
        m = make_proto(NULL, failing[i], NULL);
        p = new_parser(Request, m.proto);
        char what[96];
        snprintf(what, sizeof what, "chunked cb error: %s raising Error", failing[i]);
        ok = !feed(p, B(CHUNKED_REQUEST1_1));
        expect_true(ok && raised(CallbackError, CbError, what), what);
        Py_DECREF(p);
        free_proto(&m);
    }

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = feed_ok(p, PyBytes_FromStringAndSize(CHUNKED_REQUEST1_3, CHUNKED_REQUEST1_3_LEN));
    if (!ok)
        diag_exception();
    expect_true(ok && method_is(p, "get_method", "b'POST'") && count_calls(&m, "on_url", "(b'/test.php?a=b+c',)") == 1
                    && last_call_is(&m, "on_header", "(b'Transfer-Encoding', b'chunked')")
                    && count_calls(&m, "on_message_complete", NULL) == 1,
                "chunked 3: a binary chunk");
    expect_true(last_call_is(&m, "on_body", "(b'+\\xce\\xcfM\\xb5MI,I\\x04\\x00',)"), "... its body");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = !feed(p, B(UPGRADE_REQUEST1));
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    ok = ok && type && PyErr_GivenExceptionMatches(type, Upgrade);
    PyObject *args = value ? PyObject_GetAttrString(value, "args") : NULL;
    Py_ssize_t offset = args && PyTuple_GET_SIZE(args) == 1 ? PyLong_AsSsize_t(PyTuple_GET_ITEM(args, 0)) : -1;
    expect_true(ok && offset >= 0 && strcmp(UPGRADE_REQUEST1 + offset, "Hot diggity dogg") == 0,
                "upgrade request: HttpParserUpgrade(offset of the data)");
    Py_XDECREF(args);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    expect_true(repr_is(m.headers, "{b'Host': b'example.com', b'Connection': b'Upgrade', "
                                   "b'Sec-WebSocket-Key2': b'12998 5 Y3 1  .P00', b'Sec-WebSocket-Protocol': b'sample', "
                                   "b'Upgrade': b'WebSocket', b'Sec-WebSocket-Key1': b'4 @1  46546xW%0l 1 5', "
                                   "b'Origin': b'http://example.com'}"),
                "... its headers");
    ok = feed_ok(p, B(CHUNKED_REQUEST1_1));
    if (!ok)
        diag_exception();
    expect_true(ok && method_is(p, "get_method", "b'POST'"), "... the parser parses again after the upgrade");
    Py_DECREF(p);
    free_proto(&m);

    /* should_upgrade() from inside the callbacks. */
    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    PyList_Append(m.holder, p);
    ok = !feed(p, B(UPGRADE_REQUEST1)) && PyErr_ExceptionMatches(Upgrade);
    PyErr_Clear();
    PyObject *url = PyUnicode_FromString("on_url"), *hc = PyUnicode_FromString("on_headers_complete");
    PyObject *mc = PyUnicode_FromString("on_message_complete");
    int seen = 0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(m.log); i++) {
        PyObject *e = PyList_GET_ITEM(m.log, i);
        if (PyTuple_GET_SIZE(e) != 2 || !PyBool_Check(PyTuple_GET_ITEM(e, 1)))
            continue;
        PyObject *n = PyTuple_GET_ITEM(e, 0), *up = PyTuple_GET_ITEM(e, 1);
        if (PyUnicode_Compare(n, url) == 0)
            ok &= up == Py_False, seen |= 1;
        else if (PyUnicode_Compare(n, hc) == 0)
            ok &= up == Py_True, seen |= 2;
        else if (PyUnicode_Compare(n, mc) == 0)
            ok &= up == Py_True, seen |= 4;
    }
    expect_true(ok && seen == 7, "upgrade flag: False in on_url, True in on_headers_complete / on_message_complete");
    Py_DECREF(url);
    Py_DECREF(hc);
    Py_DECREF(mc);
    Py_DECREF(p);
    free_proto(&m);

    static const char *failing3[] = {"on_header", "on_message_begin", "on_url", "on_headers_complete"};
    for (int i = 0; i < 4; i++) {
        m = make_proto(NULL, failing3[i], NULL);
        p = new_parser(Request, m.proto);
        char what[96];
        snprintf(what, sizeof what, "request: error in %s", failing3[i]);
        ok = !feed(p, B(UPGRADE_REQUEST1));
        expect_true(ok && raised(CallbackError, CbError, what), what);
        Py_DECREF(p);
        free_proto(&m);
    }

    p = new_parser(Request, Py_None);
    ok = !feed(p, B("SPAM /test.php?a=b+c HTTP/1.1"));
    expect_true(ok && raised(InvalidMethod, NULL, "request 2: SPAM"), "request 2: HttpParserInvalidMethodError");
    Py_DECREF(p);
    p = new_parser(Request, Py_None);
    ok = !feed(p, B("POST HTTP/1.1"));
    expect_true(ok && raised(InvalidURL, NULL, "request 3: no URL"), "request 3: HttpParserInvalidURLError");
    Py_DECREF(p);
    p = new_parser(Request, Py_None);
    rec(feed(p, PyUnicode_FromString("POST HTTP/1.1")) ? Py_NewRef(Py_None) : NULL, "request 4: feed_data(str)");
    Py_DECREF(p);
}

static void test_fragmented(void)
{
    Proto m = make_proto(NULL, NULL, NULL);
    PyObject *p = new_parser(Request, m.proto);
    int ok = feed_ok(p, B("PUT / HTTP/1.1\r\nHost: localhost:1234\r\nContent-Type: text/pl"));
    expect_true(ok && count_calls(&m, "on_message_begin", "()") == 1 && count_calls(&m, "on_url", "(b'/',)") == 1
                    && repr_is(m.headers, "{b'Host': b'localhost:1234'}"),
                "fragmented: first part");
    ok = feed_ok(p, B("ain; charset=utf-8\r\nX-Empty-Header: \r\nConnection: close\r\n"));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234', b'Content-Type': b'text/plain; charset=utf-8', "
                                         "b'X-Empty-Header': b''}"),
                "... second part");
    ok = feed_ok(p, B("Content-Length: 10\r\n\r\n1234567890"));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234', b'Content-Type': b'text/plain; charset=utf-8', "
                                         "b'X-Empty-Header': b'', b'Connection': b'close', b'Content-Length': b'10'}")
                    && count_calls(&m, "on_message_complete", "()") == 1,
                "... third part: complete");
    rec(PyObject_CallMethod(p, "should_keep_alive", NULL), "... should_keep_alive()");
    record_value(m.log, "... the callback log");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = feed_ok(p, B("PUT / HTTP/1.1\r\nHost: localhost:1234\r\nContent-"));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234'}"), "fragmented header: first part");
    ok = feed_ok(p, B("Type: text/plain; charset=utf-8\r\n\r\n"));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234', b'Content-Type': b'text/plain; charset=utf-8'}"),
                "... second part");
    Py_DECREF(p);
    free_proto(&m);

    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = feed_ok(p, B("PUT / HTTP/1.1\r\nHost: localhost:1234\r\nContent-Type:")) && feed_ok(p, B(" text/pla"))
         && feed_ok(p, B("in; chars")) && feed_ok(p, B("et=utf-8\r\n\r\n"));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234', b'Content-Type': b'text/plain; charset=utf-8'}"),
                "fragmented value: four parts");
    Py_DECREF(p);
    free_proto(&m);

    static const char REQUEST[] = "PUT / HTTP/1.1\r\nHost: localhost:1234\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = 1;
    for (size_t i = 0; ok && i < sizeof REQUEST - 1; i++)
        ok = feed_ok(p, PyBytes_FromStringAndSize(REQUEST + i, 1));
    expect_true(ok && repr_is(m.headers, "{b'Host': b'localhost:1234', b'Content-Type': b'text/plain; charset=utf-8'}"),
                "fragmented bytes: one byte at a time");
    Py_DECREF(p);
    free_proto(&m);

    /* A keep-alive pipeline of three requests in one buffer. */
    m = make_proto(NULL, NULL, NULL);
    p = new_parser(Request, m.proto);
    ok = feed_ok(p, B("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                   "DELETE /c?d=e HTTP/1.0\r\n\r\n"));
    if (!ok)
        diag_exception();
    expect_true(ok && count_calls(&m, "on_message_complete", NULL) == 3 && count_calls(&m, "on_url", NULL) == 3,
                "three pipelined requests");
    record_value(m.log, "... the callback log");
    expect_true(method_is(p, "get_method", "b'DELETE'") && method_is(p, "get_http_version", "'1.0'"),
                "... the last one: DELETE, HTTP/1.0");
    Py_DECREF(p);
    free_proto(&m);
}

static void test_types(void)
{
    rec(PyObject_GetAttrString(Request, "__module__"), "HttpRequestParser.__module__");
    rec(PyObject_GetAttrString(Request, "__mro__"), "HttpRequestParser.__mro__");
    rec(PyObject_CallNoArgs(Request), "HttpRequestParser()");
    rec(PyObject_CallFunction(Request, "OO", Py_None, Py_None), "HttpRequestParser(None, None)");
    PyObject *p = new_parser(Request, Py_None);
    rec(PyObject_CallMethod(p, "get_method", NULL), "HttpRequestParser(None).get_method() before any data");
    rec(PyObject_CallMethod(p, "get_http_version", NULL), "... get_http_version()");
    rec(PyObject_GetAttrString(p, "get_status_code"), "... get_status_code");
    Py_DECREF(p);
    /* Many parsers made and freed (__cinit__ / __dealloc__ with PyMem). */
    int ok = 1;
    for (int i = 0; i < 1000 && ok; i++) {
        PyObject *q = PyObject_CallOneArg(i % 2 ? Request : Response, Py_None);
        ok = q != NULL;
        Py_XDECREF(q);
    }
    tap(ok, "1000 parsers made and freed");
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    Request = attr(module, "HttpRequestParser");
    Response = attr(module, "HttpResponseParser");
    rec(PyObject_GetAttrString(module, "__all__"), "parser.__all__");
    PyObject *imported = PyObject_GetAttrString(module, "HttpParserUpgrade");
    expect_true(imported == Upgrade, "the module's HttpParserUpgrade is the errors module's");
    Py_XDECREF(imported);
    test_response();
    test_request();
    test_fragmented();
    test_types();
    Py_DECREF(Request);
    Py_DECREF(Response);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    stand_in_imports();
    corpus_package = "httptools.parser";
    run(load_module(argv[1], "parser"), argv[2]);
    return tap_done();
}
