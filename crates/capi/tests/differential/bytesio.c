/* Differential cases for io.BytesIO (CPython's Modules/_io/bytesio.c),
 * which extensions make to gather output (zopflipy's compressors write
 * into one and export it with getbuffer()) or hand to stream adaptors
 * (nanobind's std::istream / std::ostream casters call read, write, seek
 * and tell):
 *
 * - `io` and `_io` giving the same class, its name and base, the
 *   constructor's argument forms and errors;
 * - write (any contiguous buffer; str, strided and closed refused), its
 *   zero-filling past the end, getvalue, read / read1 / readline /
 *   readlines with every size form, readinto, iteration, writelines;
 * - seek with each whence and its errors, tell, truncate;
 * - getbuffer(): a writable memoryview over the contents through which a
 *   write is seen, and while it lives, write / truncate / close /
 *   __init__ refused with BufferError; allowed again once released;
 * - close, closed, the methods on a closed stream, readable / writable /
 *   seekable / isatty / flush, __enter__ / __exit__, a subclass.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *BytesIO;

/* One case: `obj.name(*args)` with args from a Py_BuildValue format. */
static void m(const char *what, PyObject *obj, const char *name, const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *meth = PyObject_GetAttrString(obj, name);
    PyObject *r = meth && args ? PyObject_Call(meth, args, NULL) : NULL;
    Py_XDECREF(meth);
    Py_XDECREF(args);
    show(what, r);
}

static PyObject *make(const char *fmt, ...)
{
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = PyObject_Call(BytesIO, args, NULL);
    Py_DECREF(args);
    return r;
}

static void module_cases(void)
{
    PyObject *io = PyImport_ImportModule("io");
    PyObject *_io = PyImport_ImportModule("_io");
    BytesIO = PyObject_GetAttrString(io, "BytesIO");
    PyObject *other = PyObject_GetAttrString(_io, "BytesIO");
    show("io.BytesIO is _io.BytesIO", PyBool_FromLong(BytesIO == other));
    Py_DECREF(other);
    show("BytesIO", Py_NewRef(BytesIO));
    show("BytesIO.__name__", PyObject_GetAttrString(BytesIO, "__name__"));
    show("BytesIO.__module__", PyObject_GetAttrString(BytesIO, "__module__"));
    PyObject *iobase = PyObject_GetAttrString(_io, "_IOBase");
    show("issubclass(BytesIO, _io._IOBase)", PyBool_FromLong(PyObject_IsSubclass(BytesIO, iobase)));
    Py_DECREF(iobase);
    show("io.DEFAULT_BUFFER_SIZE", PyObject_GetAttrString(io, "DEFAULT_BUFFER_SIZE"));
    PyObject *uo = PyObject_GetAttrString(io, "UnsupportedOperation");
    show("io.UnsupportedOperation", uo);
    Py_DECREF(_io);
    Py_DECREF(io);
}

static void constructor_cases(void)
{
    PyObject *b = make("()");
    m("BytesIO().getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
    b = make("(y)", "abc");
    m("BytesIO(b'abc').getvalue()", b, "getvalue", "()");
    m("BytesIO(b'abc').tell()", b, "tell", "()");
    m("BytesIO(b'abc').read()", b, "read", "()");
    Py_XDECREF(b);
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    b = make("(O)", ba);
    m("BytesIO(bytearray).getvalue()", b, "getvalue", "()");
    m("... tell() after init", b, "tell", "()");
    Py_XDECREF(b);
    Py_DECREF(ba);
    PyObject *mv = PyMemoryView_FromMemory((char *)"memory", 6, PyBUF_READ);
    b = make("(O)", mv);
    m("BytesIO(memoryview).getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
    Py_DECREF(mv);
    b = make("(O)", Py_None);
    m("BytesIO(None).getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
    show("BytesIO('text')", make("(s)", "text"));
    show("BytesIO(1)", make("(i)", 1));
    show("BytesIO(b'a', b'b')", make("(yy)", "a", "b"));
    PyObject *kw = Py_BuildValue("{s:y}", "initial_bytes", "kw");
    PyObject *empty = PyTuple_New(0);
    b = PyObject_Call(BytesIO, empty, kw);
    m("BytesIO(initial_bytes=b'kw').getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:y}", "initial", "kw");
    show("BytesIO(initial=b'kw')", PyObject_Call(BytesIO, empty, kw));
    Py_DECREF(kw);
    Py_DECREF(empty);
    /* __init__ again empties and refills. */
    b = make("(y)", "first");
    m("b.__init__(b'second')", b, "__init__", "(y)", "second");
    m("... getvalue()", b, "getvalue", "()");
    m("b.__init__()", b, "__init__", "()");
    m("... getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
}

static void write_read_cases(void)
{
    PyObject *b = make("()");
    m("write(b'hello ')", b, "write", "(y)", "hello ");
    PyObject *ba = PyByteArray_FromStringAndSize("world", 5);
    m("write(bytearray(b'world'))", b, "write", "(O)", ba);
    Py_DECREF(ba);
    m("write(b'')", b, "write", "(y)", "");
    m("getvalue()", b, "getvalue", "()");
    m("tell()", b, "tell", "()");
    m("write('str')", b, "write", "(s)", "str");
    m("write(1)", b, "write", "(i)", 1);
    m("write()", b, "write", "()");
    PyObject *mv = PyMemoryView_FromMemory((char *)"abcdefgh", 8, PyBUF_READ);
    PyObject *step = PySlice_New(NULL, NULL, PyLong_FromLong(2));
    PyObject *strided = PyObject_GetItem(mv, step);
    m("write(strided memoryview)", b, "write", "(O)", strided);
    Py_DECREF(strided);
    Py_DECREF(step);
    Py_DECREF(mv);
    m("seek(20)", b, "seek", "(i)", 20);
    m("write(b'!') past the end", b, "write", "(y)", "!");
    m("getvalue() zero-filled", b, "getvalue", "()");
    m("seek(0)", b, "seek", "(i)", 0);
    m("read(5)", b, "read", "(i)", 5);
    m("read(0)", b, "read", "(i)", 0);
    m("read1(3)", b, "read1", "(i)", 3);
    m("read(None)", b, "read", "(O)", Py_None);
    m("read() at the end", b, "read", "()");
    m("seek(2)", b, "seek", "(i)", 2);
    m("read(-1)", b, "read", "(i)", -1);
    m("read1()", b, "read1", "()");
    m("read('x')", b, "read", "(s)", "x");
    m("read(1.5)", b, "read", "(d)", 1.5);
    m("read(1, 2)", b, "read", "(ii)", 1, 2);
    m("read(2**70)", b, "read", "(N)", PyLong_FromString("1180591620717411303424", NULL, 10));
    m("seek(2); read(True)", b, "seek", "(i)", 2);
    m("read(True)", b, "read", "(O)", Py_True);
    m("overwrite: seek(0)", b, "seek", "(i)", 0);
    m("write(b'HE')", b, "write", "(y)", "HE");
    m("getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);

    b = make("(y)", "line one\nline two\n\nlast");
    m("readline()", b, "readline", "()");
    m("readline(4)", b, "readline", "(i)", 4);
    m("readline(None)", b, "readline", "(O)", Py_None);
    m("readline(-1)", b, "readline", "(i)", -1);
    m("readline()", b, "readline", "()");
    m("readline() at the end", b, "readline", "()");
    m("readline('x')", b, "readline", "(s)", "x");
    m("seek(0)", b, "seek", "(i)", 0);
    m("readlines()", b, "readlines", "()");
    m("seek(0)", b, "seek", "(i)", 0);
    m("readlines(10)", b, "readlines", "(i)", 10);
    m("seek(0)", b, "seek", "(i)", 0);
    m("readlines(None)", b, "readlines", "(O)", Py_None);
    m("seek(0)", b, "seek", "(i)", 0);
    m("readlines(0)", b, "readlines", "(i)", 0);
    m("readlines(-5)", b, "readlines", "(i)", -5);
    m("readlines('x')", b, "readlines", "(s)", "x");
    m("readlines(1.0)", b, "readlines", "(d)", 1.0);
    m("seek(0)", b, "seek", "(i)", 0);
    show("list(b)", PySequence_List(b));
    m("seek(5)", b, "seek", "(i)", 5);
    PyObject *it = PyObject_GetIter(b);
    show("next(iter(b))", it ? PyIter_Next(it) : NULL);
    Py_XDECREF(it);
    PyObject *target = PyByteArray_FromStringAndSize("..........", 10);
    m("seek(0)", b, "seek", "(i)", 0);
    m("readinto(bytearray(10))", b, "readinto", "(O)", target);
    show("... the bytearray", Py_NewRef(target));
    m("seek(-3, 2)", b, "seek", "(ii)", -3, 2);
    m("readinto(bytearray(10)) near the end", b, "readinto", "(O)", target);
    show("... the bytearray", Py_NewRef(target));
    m("readinto(b'ro')", b, "readinto", "(y)", "ro");
    m("readinto('str')", b, "readinto", "(s)", "str");
    Py_DECREF(target);
    Py_XDECREF(b);

    b = make("()");
    PyObject *lines = Py_BuildValue("[yyy]", "a", "bc", "def");
    m("writelines([b'a', b'bc', b'def'])", b, "writelines", "(O)", lines);
    Py_DECREF(lines);
    m("getvalue()", b, "getvalue", "()");
    lines = Py_BuildValue("[ys]", "x", "y");
    m("writelines([b'x', 'y'])", b, "writelines", "(O)", lines);
    Py_DECREF(lines);
    m("getvalue() after the failure", b, "getvalue", "()");
    m("writelines(5)", b, "writelines", "(i)", 5);
    Py_XDECREF(b);
}

static void seek_cases(void)
{
    PyObject *b = make("(y)", "0123456789");
    m("seek(3)", b, "seek", "(i)", 3);
    m("seek(2, 1)", b, "seek", "(ii)", 2, 1);
    m("seek(-20, 1)", b, "seek", "(ii)", -20, 1);
    m("seek(-4, 2)", b, "seek", "(ii)", -4, 2);
    m("seek(5, 2)", b, "seek", "(ii)", 5, 2);
    m("tell()", b, "tell", "()");
    m("seek(-1)", b, "seek", "(i)", -1);
    m("seek(-1, 0)", b, "seek", "(ii)", -1, 0);
    m("seek(0, 3)", b, "seek", "(ii)", 0, 3);
    m("seek(0, -1)", b, "seek", "(ii)", 0, -1);
    m("seek(1.0)", b, "seek", "(d)", 1.0);
    m("seek('1')", b, "seek", "(s)", "1");
    m("seek(None)", b, "seek", "(O)", Py_None);
    m("seek(0, 1.0)", b, "seek", "(id)", 0, 1.0);
    m("seek()", b, "seek", "()");
    m("seek(1, 2, 3)", b, "seek", "(iii)", 1, 2, 3);
    m("seek(2**70)", b, "seek", "(N)", PyLong_FromString("1180591620717411303424", NULL, 10));
    m("seek(sys.maxsize, 0)", b, "seek", "(n)", PY_SSIZE_T_MAX);
    m("seek(sys.maxsize, 1)", b, "seek", "(ni)", PY_SSIZE_T_MAX, 1);
    m("seek(sys.maxsize, 2)", b, "seek", "(ni)", PY_SSIZE_T_MAX, 2);
    m("seek(4)", b, "seek", "(i)", 4);
    m("truncate()", b, "truncate", "()");
    m("getvalue()", b, "getvalue", "()");
    m("tell() after truncate", b, "tell", "()");
    m("truncate(2)", b, "truncate", "(i)", 2);
    m("getvalue()", b, "getvalue", "()");
    m("tell() past the end", b, "tell", "()");
    m("truncate(10)", b, "truncate", "(i)", 10);
    m("getvalue() not extended", b, "getvalue", "()");
    m("truncate(None)", b, "truncate", "(O)", Py_None);
    m("truncate(-1)", b, "truncate", "(i)", -1);
    m("truncate('1')", b, "truncate", "(s)", "1");
    m("truncate(1, 2)", b, "truncate", "(ii)", 1, 2);
    m("write(b'Z') at 4", b, "write", "(y)", "Z");
    m("getvalue()", b, "getvalue", "()");
    Py_XDECREF(b);
}

static void buffer_cases(void)
{
    PyObject *b = make("(y)", "abcdef");
    PyObject *view = PyObject_CallMethod(b, "getbuffer", NULL);
    show("getbuffer()", view ? PyObject_Repr(view) == NULL ? NULL : PyUnicode_FromString("<memory>") : NULL);
    show("len(view)", view ? PyLong_FromSsize_t(PyObject_Length(view)) : NULL);
    show("view.readonly", view ? PyObject_GetAttrString(view, "readonly") : NULL);
    show("view.format", view ? PyObject_GetAttrString(view, "format") : NULL);
    show("bytes(view)", view ? PyBytes_FromObject(view) : NULL);
    if (view) {
        PyObject *x = PyLong_FromLong('X');
        show("view[0] = ord('X')", PyObject_SetItem(view, PyLong_FromLong(0), x) < 0 ? NULL : Py_NewRef(Py_None));
        Py_DECREF(x);
    }
    m("getvalue() sees it", b, "getvalue", "()");
    m("write while exported", b, "write", "(y)", "x");
    m("truncate while exported", b, "truncate", "(i)", 1);
    m("close while exported", b, "close", "()");
    m("__init__ while exported", b, "__init__", "(y)", "new");
    m("getvalue() after the refused __init__", b, "getvalue", "()");
    m("seek(0) while exported", b, "seek", "(i)", 0);
    m("read(2) while exported", b, "read", "(i)", 2);
    PyObject *view2 = PyObject_CallMethod(b, "getbuffer", NULL);
    show("a second getbuffer() of the emptied stream", view2 ? PyBytes_FromObject(view2) : NULL);
    if (view2) {
        Py_DECREF(PyObject_CallMethod(view2, "release", NULL));
        Py_DECREF(view2);
    }
    m("write with one view still alive", b, "write", "(y)", "x");
    if (view) {
        Py_DECREF(PyObject_CallMethod(view, "release", NULL));
        Py_DECREF(view);
    }
    m("write after release", b, "write", "(y)", "after");
    m("getvalue()", b, "getvalue", "()");
    /* A buffer dropped without release() ends its export too. */
    view = PyObject_CallMethod(b, "getbuffer", NULL);
    Py_XDECREF(view);
    m("write after the view is dropped", b, "write", "(y)", "!");
    m("getvalue()", b, "getvalue", "()");
    /* The empty stream's buffer. */
    PyObject *e = make("()");
    view = PyObject_CallMethod(e, "getbuffer", NULL);
    show("BytesIO().getbuffer() bytes", view ? PyBytes_FromObject(view) : NULL);
    Py_XDECREF(view);
    /* PyObject_GetBuffer on the view, as zopflipy does. */
    view = PyObject_CallMethod(b, "getbuffer", NULL);
    Py_buffer pb;
    if (view && PyObject_GetBuffer(view, &pb, PyBUF_CONTIG_RO) == 0) {
        show("PyObject_GetBuffer(view) length", PyLong_FromSsize_t(pb.len));
        show("... contents", PyBytes_FromStringAndSize(pb.buf, pb.len));
        PyBuffer_Release(&pb);
    } else {
        show("PyObject_GetBuffer(view)", NULL);
    }
    Py_XDECREF(view);
    m("write after that", b, "write", "(y)", "?");
    Py_DECREF(e);
    Py_XDECREF(b);
    /* The stream outlives its last reference while a view holds it. */
    b = make("(y)", "kept");
    view = PyObject_CallMethod(b, "getbuffer", NULL);
    Py_DECREF(b);
    show("bytes(view) after the stream is dropped", view ? PyBytes_FromObject(view) : NULL);
    Py_XDECREF(view);
    b = make("()");
    show("memoryview(BytesIO())", PyMemoryView_FromObject(b));
    Py_DECREF(b);
}

static void state_cases(void)
{
    PyObject *b = make("(y)", "data");
    m("readable()", b, "readable", "()");
    m("writable()", b, "writable", "()");
    m("seekable()", b, "seekable", "()");
    m("isatty()", b, "isatty", "()");
    m("flush()", b, "flush", "()");
    show("closed", PyObject_GetAttrString(b, "closed"));
    PyObject *entered = PyObject_CallMethod(b, "__enter__", NULL);
    show("__enter__() is b", entered ? PyBool_FromLong(entered == b) : NULL);
    Py_XDECREF(entered);
    m("__exit__(None, None, None)", b, "__exit__", "(OOO)", Py_None, Py_None, Py_None);
    show("closed after __exit__", PyObject_GetAttrString(b, "closed"));
    const char *noargs[] = {"getvalue", "getbuffer", "tell", "read", "read1", "readline", "readlines",
                            "readable", "writable", "seekable", "isatty", "flush", "truncate", "__enter__"};
    for (size_t i = 0; i < sizeof noargs / sizeof noargs[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "closed: %s()", noargs[i]);
        m(what, b, noargs[i], "()");
    }
    m("closed: write(b'x')", b, "write", "(y)", "x");
    m("closed: seek(0)", b, "seek", "(i)", 0);
    PyObject *ba = PyByteArray_FromStringAndSize("xx", 2);
    m("closed: readinto", b, "readinto", "(O)", ba);
    Py_DECREF(ba);
    PyObject *l = Py_BuildValue("[y]", "x");
    m("closed: writelines", b, "writelines", "(O)", l);
    Py_DECREF(l);
    PyObject *self_it = PyObject_GetIter(b);
    show("closed: iter(b) is b", self_it ? PyBool_FromLong(self_it == b) : NULL);
    Py_XDECREF(self_it);
    PyObject *it = PyObject_GetIter(b);
    show("closed: next(iter(b))", it ? PyIter_Next(it) : NULL);
    Py_XDECREF(it);
    m("close() again", b, "close", "()");
    m("closed: read(1)", b, "read", "(i)", 1);
    m("closed: read('x')", b, "read", "(s)", "x");
    m("closed: readlines('x')", b, "readlines", "(s)", "x");
    m("__init__(b'reopened') on a closed stream", b, "__init__", "(y)", "reopened");
    show("closed after __init__(bytes)", PyObject_GetAttrString(b, "closed"));
    m("getvalue()", b, "getvalue", "()");
    m("close()", b, "close", "()");
    m("__init__(bytearray) on a closed stream", b, "__init__", "(N)", PyByteArray_FromStringAndSize("ba", 2));
    show("closed after __init__(bytearray)", PyObject_GetAttrString(b, "closed"));
    m("__init__() on a closed stream", b, "__init__", "()");
    show("closed after __init__()", PyObject_GetAttrString(b, "closed"));
    Py_XDECREF(b);

    /* A subclass made by type(), with an instance attribute. */
    PyObject *bases = PyTuple_Pack(1, BytesIO);
    PyObject *ns = PyDict_New();
    PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "MyIO", bases, ns);
    PyObject *s = sub ? PyObject_CallFunction(sub, "y", "sub") : NULL;
    show("MyIO(b'sub').getvalue()", s ? PyObject_CallMethod(s, "getvalue", NULL) : NULL);
    show("MyIO: setattr", s ? (PyObject_SetAttrString(s, "tag", Py_True) < 0 ? NULL : PyObject_GetAttrString(s, "tag")) : NULL);
    show("MyIO: write", s ? PyObject_CallMethod(s, "write", "y", "!") : NULL);
    show("MyIO: getvalue", s ? PyObject_CallMethod(s, "getvalue", NULL) : NULL);
    Py_XDECREF(s);
    Py_XDECREF(sub);
    Py_DECREF(ns);
    Py_DECREF(bases);
    b = make("()");
    show("BytesIO(): setattr", PyObject_SetAttrString(b, "tag", Py_True) < 0 ? NULL : PyObject_GetAttrString(b, "tag"));
    PyObject *ref = PyWeakref_NewRef(b, NULL);
    show("weakref to a BytesIO", ref ? Py_NewRef(Py_TYPE(PyWeakref_GetObject(ref)) == (PyTypeObject *)BytesIO ? Py_True : Py_False) : NULL);
    Py_DECREF(b);
    show("dead weakref", ref ? Py_NewRef(PyWeakref_GetObject(ref)) : NULL);
    Py_XDECREF(ref);
    /* A big stream. */
    b = make("()");
    for (int i = 0; i < 1000; i++)
        Py_XDECREF(PyObject_CallMethod(b, "write", "y", "0123456789"));
    m("tell() after 1000 writes", b, "tell", "()");
    PyObject *v = PyObject_CallMethod(b, "getvalue", NULL);
    show("len(getvalue())", v ? PyLong_FromSsize_t(PyBytes_GET_SIZE(v)) : NULL);
    Py_XDECREF(v);
    m("seek(9995); read()", b, "seek", "(i)", 9995);
    m("read()", b, "read", "()");
    Py_DECREF(b);
}

int main(void)
{
    Py_Initialize();
    module_cases();
    constructor_cases();
    write_read_cases();
    seek_cases();
    buffer_cases();
    state_cases();
    return 0;
}
