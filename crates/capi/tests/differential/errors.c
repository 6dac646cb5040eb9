/* Differential cases for exceptions (Objects/exceptions.c), the error
 * indicator (Python/errors.c), printing (Python/pythonrun.c) and warnings
 * (Python/_warnings.c).
 *
 * This one source is compiled twice: against CPython 3.11 (linked with
 * libpython3.11) and against pybuffer (linked with libpybuffer). Each build
 * runs every case below and prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * where "what happened" is the pending exception after normalisation (its
 * type, str() and repr(), args and the fields C code reads), a return
 * value, or what was written to stderr. scripts/c-tests.sh compares the two
 * outputs line for line.
 */
/* fileno() and dup2(); CPython's pyconfig.h defines the same. */
#define _GNU_SOURCE 1
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int case_no;
static char line[16384];
static size_t line_len;

static void put(const char *fmt, ...) {
    va_list va;
    va_start(va, fmt);
    if (line_len < sizeof line)
        line_len += (size_t)vsnprintf(line + line_len, sizeof line - line_len, fmt, va);
    va_end(va);
    if (line_len > sizeof line)
        line_len = sizeof line;
}

/* Escapes control characters so every case stays on one line. */
static void put_text(const char *s) {
    for (; *s; s++) {
        if (*s == '\n')
            put("\\n");
        else if (*s == '\t')
            put("\\t");
        else
            put("%c", *s);
    }
}

static void begin(const char *what) {
    line_len = 0;
    put("%d\t%s\t", ++case_no, what);
}

static void end(void) {
    printf("%.*s\n", (int)line_len, line);
    fflush(stdout);
}

/* str() or repr() of `o` into the line ("<NULL>", "<failed: Type>"). */
static void put_obj(PyObject *o, int use_repr) {
    if (o == NULL) {
        put("<NULL>");
        return;
    }
    PyObject *s = use_repr ? PyObject_Repr(o) : PyObject_Str(o);
    if (s == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        put("<failed: %s>", t ? ((PyTypeObject *)t)->tp_name : "?");
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        return;
    }
    put_text(PyUnicode_AsUTF8(s));
    Py_DECREF(s);
}

/* The pending error, normalised: "Type | str | repr | args" and the
   fields of OSError, StopIteration, SystemExit and friends; clears it. */
static void put_pending(void) {
    if (!PyErr_Occurred()) {
        put("no error");
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    put("%s | ", ((PyTypeObject *)t)->tp_name);
    put_obj(v, 0);
    put(" | ");
    put_obj(v, 1);
    if (v != NULL && PyExceptionInstance_Check(v)) {
        put(" | args=");
        put_obj(((PyBaseExceptionObject *)v)->args, 1);
        put(" | tb=%s", tb == NULL ? "NULL" : "set");
        if (PyErr_GivenExceptionMatches(v, PyExc_OSError)) {
            PyOSErrorObject *e = (PyOSErrorObject *)v;
            put(" | errno=");
            put_obj(e->myerrno, 1);
            put(" strerror=");
            put_obj(e->strerror, 1);
            put(" filename=");
            put_obj(e->filename, 1);
            put(" filename2=");
            put_obj(e->filename2, 1);
            put(" written=%zd", e->written);
        }
        if (PyErr_GivenExceptionMatches(v, PyExc_StopIteration)) {
            put(" | value=");
            put_obj(((PyStopIterationObject *)v)->value, 1);
        }
        if (PyErr_GivenExceptionMatches(v, PyExc_SystemExit)) {
            put(" | code=");
            put_obj(((PySystemExitObject *)v)->code, 1);
        }
        if (PyErr_GivenExceptionMatches(v, PyExc_ImportError)) {
            put(" | msg=");
            put_obj(((PyImportErrorObject *)v)->msg, 1);
        }
        if (PyErr_GivenExceptionMatches(v, PyExc_SyntaxError)) {
            PySyntaxErrorObject *e = (PySyntaxErrorObject *)v;
            put(" | msg=");
            put_obj(e->msg, 1);
            put(" filename=");
            put_obj(e->filename, 1);
            put(" lineno=");
            put_obj(e->lineno, 1);
            put(" text=");
            put_obj(e->text, 1);
            put(" end_offset=");
            put_obj(e->end_offset, 1);
        }
        if (PyErr_GivenExceptionMatches(v, PyExc_UnicodeEncodeError) ||
            PyErr_GivenExceptionMatches(v, PyExc_UnicodeDecodeError) ||
            PyErr_GivenExceptionMatches(v, PyExc_UnicodeTranslateError)) {
            PyUnicodeErrorObject *e = (PyUnicodeErrorObject *)v;
            put(" | encoding=");
            put_obj(e->encoding, 1);
            put(" object=");
            put_obj(e->object, 1);
            put(" start=%zd end=%zd reason=", e->start, e->end);
            put_obj(e->reason, 1);
        }
        PyObject *context = PyException_GetContext(v);
        PyObject *cause = PyException_GetCause(v);
        if (context != NULL || cause != NULL) {
            put(" | context=");
            put_obj(context, 1);
            put(" cause=");
            put_obj(cause, 1);
            put(" suppress=%d", ((PyBaseExceptionObject *)v)->suppress_context);
        }
        Py_XDECREF(context);
        Py_XDECREF(cause);
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

/* Runs the setter, then describes what is pending. */
#define CASE(what, ...)    \
    do {                   \
        begin(what);       \
        __VA_ARGS__;       \
        put_pending();     \
        end();             \
    } while (0)

/* Builders that need nothing but the object API both sides have: each
   returns a new reference; tup() steals the references it is given. */
static PyObject *S(const char *s) { return PyUnicode_FromString(s); }
static PyObject *I(long v) { return PyLong_FromLong(v); }
static PyObject *B(const char *s, Py_ssize_t n) { return PyBytes_FromStringAndSize(s, n); }
static PyObject *N(void) {
    Py_INCREF(Py_None);
    return Py_None;
}
static PyObject *R(PyObject *o) {
    Py_INCREF(o);
    return o;
}
static PyObject *tup(int n, ...) {
    PyObject *t = PyTuple_New(n);
    va_list va;
    va_start(va, n);
    for (int i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, va_arg(va, PyObject *));
    va_end(va);
    return t;
}

/* Raises `type(*args)` through PyErr_SetObject with a tuple value (stolen). */
static void set_args(PyObject *type, PyObject *args) {
    PyErr_SetObject(type, args);
    Py_DECREF(args);
}

/* A new instance `type(*args)` (args stolen), made by normalising. */
static PyObject *make(PyObject *type, PyObject *args) {
    PyObject *t, *v, *tb;
    set_args(type, args);
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    Py_XDECREF(t);
    Py_XDECREF(tb);
    return v;
}

/* ---- stderr capture ---------------------------------------------------- */

static int saved_stderr = -1;
static FILE *capture;

static void capture_start(void) {
    fflush(stderr);
    capture = tmpfile();
    saved_stderr = dup(2);
    dup2(fileno(capture), 2);
}

/* Restores stderr and puts what was written, escaped. */
static void capture_end(void) {
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    char buf[4096];
    size_t n = 0;
    rewind(capture);
    n = fread(buf, 1, sizeof buf - 1, capture);
    buf[n] = 0;
    fclose(capture);
    put("stderr=\"");
    put_text(buf);
    put("\"");
}

/* ---- the cases ------------------------------------------------------- */

static void cases_values(void) {
    CASE("SetString(ValueError, 'boom')", PyErr_SetString(PyExc_ValueError, "boom"));
    CASE("SetString(ValueError, '')", PyErr_SetString(PyExc_ValueError, ""));
    CASE("SetString(ValueError, invalid UTF-8)", PyErr_SetString(PyExc_ValueError, "\xff\xfe"));
    CASE("SetNone(ValueError)", PyErr_SetNone(PyExc_ValueError));
    CASE("SetObject(ValueError, None)", PyErr_SetObject(PyExc_ValueError, Py_None));
    CASE("SetObject(ValueError, (1, 'a'))", set_args(PyExc_ValueError, tup(2, I(1), S("a"))));
    CASE("SetObject(ValueError, ())", set_args(PyExc_ValueError, tup(0)));
    CASE("SetObject(ValueError, 42)", set_args(PyExc_ValueError, I(42)));
    CASE("SetString(KeyError, 'k')", PyErr_SetString(PyExc_KeyError, "k"));
    CASE("SetObject(KeyError, (1, 2))", set_args(PyExc_KeyError, tup(2, I(1), I(2))));
    CASE("_PyErr_SetKeyError((1, 2))", {
        PyObject *k = tup(2, I(1), I(2));
        _PyErr_SetKeyError(k);
        Py_DECREF(k);
    });
    CASE("SetNone(KeyError)", PyErr_SetNone(PyExc_KeyError));
    CASE("SetString(IndexError, 'i')", PyErr_SetString(PyExc_IndexError, "i"));
    CASE("SetString(OverflowError)", PyErr_SetString(PyExc_OverflowError, "too big"));
    CASE("SetString(ZeroDivisionError)", PyErr_SetString(PyExc_ZeroDivisionError, "division by zero"));
    CASE("SetString(RuntimeError)", PyErr_SetString(PyExc_RuntimeError, "rt"));
    CASE("SetString(NotImplementedError)", PyErr_SetString(PyExc_NotImplementedError, "ni"));
    CASE("SetString(SystemError)", PyErr_SetString(PyExc_SystemError, "sys"));
    CASE("SetString(MemoryError)", PyErr_SetString(PyExc_MemoryError, "mem"));
    CASE("NoMemory()", PyErr_NoMemory());
    CASE("BadArgument()", put("rc=%d ", PyErr_BadArgument()));
    CASE("BadInternalCall()", PyErr_BadInternalCall());
    /* The exported function itself (the parentheses stop the header's
       macro): no file:line prefix. */
    CASE("(BadInternalCall)()", (PyErr_BadInternalCall)());
    CASE("_PyErr_BadInternalCall('x.c', 7)", _PyErr_BadInternalCall("x.c", 7));
    CASE("SetString(BufferError)", PyErr_SetString(PyExc_BufferError, "buf"));
    CASE("SetString(AttributeError)", PyErr_SetString(PyExc_AttributeError, "attr"));
    CASE("SetString(NameError)", PyErr_SetString(PyExc_NameError, "name"));
    CASE("SetString(AssertionError)", PyErr_SetString(PyExc_AssertionError, "assert"));
    CASE("SetString(EOFError)", PyErr_SetString(PyExc_EOFError, "eof"));
    CASE("SetString(Warning categories)", PyErr_SetString(PyExc_DeprecationWarning, "dep"));
    CASE("SetString(GeneratorExit)", PyErr_SetNone(PyExc_GeneratorExit));
    CASE("SetString(KeyboardInterrupt)", PyErr_SetNone(PyExc_KeyboardInterrupt));
    CASE("SetString(TimeoutError)", PyErr_SetString(PyExc_TimeoutError, "slow"));
    CASE("SetObject(StopIteration, 5)", set_args(PyExc_StopIteration, I(5)));
    CASE("SetNone(StopIteration)", PyErr_SetNone(PyExc_StopIteration));
    CASE("SetObject(StopIteration, (1, 2))", set_args(PyExc_StopIteration, tup(2, I(1), I(2))));
    CASE("SetNone(SystemExit)", PyErr_SetNone(PyExc_SystemExit));
    CASE("SetObject(SystemExit, 3)", set_args(PyExc_SystemExit, I(3)));
    CASE("SetObject(SystemExit, (1, 'x'))", set_args(PyExc_SystemExit, tup(2, I(1), S("x"))));
    CASE("SetString(ImportError)", PyErr_SetString(PyExc_ImportError, "no module"));
    CASE("SetObject(ImportError, (1, 2))", set_args(PyExc_ImportError, tup(2, I(1), I(2))));
    CASE("SetString(ModuleNotFoundError)", PyErr_SetString(PyExc_ModuleNotFoundError, "no mod"));
    CASE("SetString(SyntaxError)", PyErr_SetString(PyExc_SyntaxError, "bad"));
    CASE("SyntaxError(msg, (file, line, off, text))",
         set_args(PyExc_SyntaxError, tup(2, S("invalid"), tup(4, S("/a/b/mod.py"), I(3), I(4), S("x = = 1")))));
    CASE("SyntaxError(msg, (None, line, off, text))",
         set_args(PyExc_SyntaxError, tup(2, S("invalid"), tup(4, N(), I(3), I(4), S("x")))));
    CASE("SyntaxError(msg, (file, None, off, text))",
         set_args(PyExc_SyntaxError, tup(2, S("invalid"), tup(4, S("f.py"), N(), I(4), S("x")))));
    CASE("SyntaxError(msg, (file, line, off, text, endline))",
         set_args(PyExc_SyntaxError, tup(2, S("invalid"), tup(5, S("f.py"), I(1), I(2), S("x"), I(5)))));
    CASE("SyntaxError(msg, (file,))", set_args(PyExc_SyntaxError, tup(2, S("invalid"), tup(1, S("f.py")))));
    CASE("SetString(IndentationError)", PyErr_SetString(PyExc_IndentationError, "indent"));
}

static void cases_oserror(void) {
    CASE("OSError(2, 'No such file')", set_args(PyExc_OSError, tup(2, I(2), S("No such file"))));
    CASE("OSError(2, 'm', 'f.txt')", set_args(PyExc_OSError, tup(3, I(2), S("m"), S("f.txt"))));
    CASE("OSError(1, 'm', 'a', None, 'b')", set_args(PyExc_OSError, tup(5, I(1), S("m"), S("a"), N(), S("b"))));
    CASE("OSError(13, 'denied')", set_args(PyExc_OSError, tup(2, I(EACCES), S("denied"))));
    CASE("OSError(EEXIST, ...)", set_args(PyExc_OSError, tup(2, I(EEXIST), S("exists"))));
    CASE("OSError(EPIPE, ...)", set_args(PyExc_OSError, tup(2, I(EPIPE), S("pipe"))));
    CASE("OSError(EAGAIN, 'again', 7)", set_args(PyExc_OSError, tup(3, I(EAGAIN), S("again"), I(7))));
    CASE("BlockingIOError(EAGAIN, 'again', 7)", set_args(PyExc_BlockingIOError, tup(3, I(EAGAIN), S("again"), I(7))));
    CASE("OSError(12345, 'unknown')", set_args(PyExc_OSError, tup(2, I(12345), S("unknown"))));
    CASE("OSError('just text')", PyErr_SetString(PyExc_OSError, "just text"));
    CASE("OSError(1, 2, 3, 4, 5, 6)", set_args(PyExc_OSError, tup(6, I(1), I(2), I(3), I(4), I(5), I(6))));
    CASE("OSError('2', 'x')", set_args(PyExc_OSError, tup(2, S("2"), S("x"))));
    CASE("FileNotFoundError(2, 'x') stays", set_args(PyExc_FileNotFoundError, tup(2, I(2), S("x"))));
    CASE("PermissionError(2, 'x') stays", set_args(PyExc_PermissionError, tup(2, I(2), S("x"))));
    CASE("IOError is OSError", set_args(PyExc_IOError, tup(2, I(ENOENT), S("io"))));
    CASE("SetFromErrno(OSError) ENOENT", {
        errno = ENOENT;
        PyErr_SetFromErrno(PyExc_OSError);
    });
    CASE("SetFromErrno(OSError) errno 0", {
        errno = 0;
        PyErr_SetFromErrno(PyExc_OSError);
    });
    CASE("SetFromErrnoWithFilename(OSError, 'dir/x')", {
        errno = EISDIR;
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, "dir/x");
    });
    CASE("SetFromErrnoWithFilenameObjects(OSError, a, b)", {
        PyObject *a = PyUnicode_FromString("a"), *b = PyUnicode_FromString("b");
        errno = EXDEV;
        PyErr_SetFromErrnoWithFilenameObjects(PyExc_OSError, a, b);
        Py_DECREF(a);
        Py_DECREF(b);
    });
    CASE("SetFromErrno(ValueError) EINVAL", {
        errno = EINVAL;
        PyErr_SetFromErrno(PyExc_ValueError);
    });
    CASE("SetFromErrno(EnvironmentError) ECONNREFUSED", {
        errno = ECONNREFUSED;
        PyErr_SetFromErrno(PyExc_EnvironmentError);
    });
}

static void cases_unicode(void) {
    CASE("UnicodeEncodeError('ascii', 'h\\xe9', 1, 2, 'ordinal')",
         set_args(PyExc_UnicodeEncodeError,
                  tup(5, S("ascii"), S("h\xc3\xa9"), I(1), I(2), S("ordinal not in range(128)"))));
    CASE("UnicodeEncodeError range", set_args(PyExc_UnicodeEncodeError,
                  tup(5, S("ascii"), S("h\xc3\xa9\xe2\x82\xac"), I(1), I(3), S("r"))));
    CASE("UnicodeEncodeError astral", set_args(PyExc_UnicodeEncodeError,
                  tup(5, S("latin-1"), S("\xf0\x9f\x98\x80"), I(0), I(1), S("r"))));
    CASE("UnicodeEncodeError('x')", PyErr_SetString(PyExc_UnicodeEncodeError, "x"));
    CASE("UnicodeEncodeError(1, 'a', 0, 1, 'r')",
         set_args(PyExc_UnicodeEncodeError, tup(5, I(1), S("a"), I(0), I(1), S("r"))));
    CASE("UnicodeEncodeError('a', 'b', 'c', 1, 'r')",
         set_args(PyExc_UnicodeEncodeError, tup(5, S("a"), S("b"), S("c"), I(1), S("r"))));
    CASE("UnicodeDecodeError('utf-8', b'\\xff', 0, 1, 'invalid start byte')",
         set_args(PyExc_UnicodeDecodeError,
                  tup(5, S("utf-8"), B("\xff", 1), I(0), I(1), S("invalid start byte"))));
    CASE("UnicodeDecodeError range", set_args(PyExc_UnicodeDecodeError,
                  tup(5, S("utf-8"), B("a\xe2\x82", 3), I(1), I(3), S("unexpected end of data"))));
    CASE("UnicodeDecodeError('x')", PyErr_SetString(PyExc_UnicodeDecodeError, "x"));
    CASE("PyUnicodeDecodeError_Create", {
        PyObject *e = PyUnicodeDecodeError_Create("utf-8", "ab\xff", 3, 2, 3, "invalid start byte");
        if (e != NULL) {
            Py_ssize_t start = -1, end = -1;
            PyUnicodeDecodeError_GetStart(e, &start);
            PyUnicodeDecodeError_GetEnd(e, &end);
            put("start=%zd end=%zd ", start, end);
            PyUnicodeDecodeError_SetStart(e, 10);
            PyUnicodeDecodeError_SetEnd(e, -4);
            PyUnicodeDecodeError_GetStart(e, &start);
            PyUnicodeDecodeError_GetEnd(e, &end);
            put("clamped start=%zd end=%zd ", start, end);
            PyUnicodeDecodeError_SetReason(e, "changed");
            PyObject *r = PyUnicodeDecodeError_GetReason(e);
            put("reason=");
            put_obj(r, 1);
            put(" ");
            Py_XDECREF(r);
            PyErr_SetObject((PyObject *)Py_TYPE(e), e);
            Py_DECREF(e);
        }
    });
    CASE("UnicodeTranslateError('ab', 0, 1, 'r')",
         set_args(PyExc_UnicodeTranslateError, tup(4, S("ab"), I(0), I(1), S("r"))));
}

static void cases_matching(void) {
    PyObject *either = tup(2, R(PyExc_TypeError), R(PyExc_LookupError));
    PyObject *nested = tup(2, R(PyExc_TypeError), tup(1, R(PyExc_ArithmeticError)));
    struct {
        const char *what;
        PyObject *given, *exc;
    } pairs[] = {
        {"KeyError ~ LookupError", PyExc_KeyError, PyExc_LookupError},
        {"LookupError ~ KeyError", PyExc_LookupError, PyExc_KeyError},
        {"KeyError ~ (TypeError, LookupError)", PyExc_KeyError, either},
        {"ValueError ~ (TypeError, LookupError)", PyExc_ValueError, either},
        {"ZeroDivisionError ~ (TypeError, (ArithmeticError,))", PyExc_ZeroDivisionError, nested},
        {"FileNotFoundError ~ OSError", PyExc_FileNotFoundError, PyExc_OSError},
        {"OSError ~ EnvironmentError", PyExc_OSError, PyExc_EnvironmentError},
        {"BrokenPipeError ~ ConnectionError", PyExc_BrokenPipeError, PyExc_ConnectionError},
        {"SystemExit ~ Exception", PyExc_SystemExit, PyExc_Exception},
        {"KeyboardInterrupt ~ BaseException", PyExc_KeyboardInterrupt, PyExc_BaseException},
        {"ResourceWarning ~ Warning", PyExc_ResourceWarning, PyExc_Warning},
        {"Warning ~ Exception", PyExc_Warning, PyExc_Exception},
        {"UnicodeDecodeError ~ ValueError", PyExc_UnicodeDecodeError, PyExc_ValueError},
        {"TabError ~ SyntaxError", PyExc_TabError, PyExc_SyntaxError},
        {"ModuleNotFoundError ~ ImportError", PyExc_ModuleNotFoundError, PyExc_ImportError},
        {"RecursionError ~ RuntimeError", PyExc_RecursionError, PyExc_RuntimeError},
        {"UnboundLocalError ~ NameError", PyExc_UnboundLocalError, PyExc_NameError},
        {"StopAsyncIteration ~ Exception", PyExc_StopAsyncIteration, PyExc_Exception},
        {"FloatingPointError ~ ArithmeticError", PyExc_FloatingPointError, PyExc_ArithmeticError},
        {"ReferenceError ~ Exception", PyExc_ReferenceError, PyExc_Exception},
        {"EncodingWarning ~ Warning", PyExc_EncodingWarning, PyExc_Warning},
        {"None ~ None", Py_None, Py_None},
        {"int ~ ValueError", (PyObject *)&PyLong_Type, PyExc_ValueError},
        {"NULL ~ ValueError", NULL, PyExc_ValueError},
        {"ValueError ~ NULL", PyExc_ValueError, NULL},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        begin(pairs[i].what);
        put("%d", PyErr_GivenExceptionMatches(pairs[i].given, pairs[i].exc));
        end();
    }
    begin("instance ~ class");
    PyErr_SetString(PyExc_KeyError, "k");
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    put("%d %d", PyErr_GivenExceptionMatches(v, PyExc_LookupError), PyErr_GivenExceptionMatches(v, either));
    PyErr_Restore(t, v, tb);
    put(" ExceptionMatches=%d", PyErr_ExceptionMatches(PyExc_LookupError));
    PyErr_Clear();
    end();
    Py_DECREF(either);
    Py_DECREF(nested);

    CASE("SetObject(non-class, 'x')", PyErr_SetObject(Py_None, Py_None));
    CASE("SetObject(int type, 'x')", PyErr_SetObject((PyObject *)&PyLong_Type, Py_None));
}

static void cases_indicator(void) {
    begin("Fetch after SetString: value is the str");
    PyErr_SetString(PyExc_ValueError, "raw");
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    put("type=%s value_type=%s tb=%s occurred=%d ", ((PyTypeObject *)t)->tp_name, Py_TYPE(v)->tp_name,
        tb ? "set" : "NULL", PyErr_Occurred() != NULL);
    PyErr_Restore(t, v, tb);
    put_pending();
    end();

    begin("Fetch after SetNone: value NULL");
    PyErr_SetNone(PyExc_TypeError);
    PyErr_Fetch(&t, &v, &tb);
    put("value=%s ", v ? "set" : "NULL");
    PyErr_NormalizeException(&t, &v, &tb);
    put("normalized=");
    put_obj(v, 1);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    end();

    begin("Restore(NULL, value, NULL)");
    PyErr_Restore(NULL, PyUnicode_FromString("orphan"), NULL);
    put("occurred=%d", PyErr_Occurred() != NULL);
    PyErr_Clear();
    end();

    begin("Normalize with an instance of a subclass");
    t = PyExc_LookupError;
    Py_INCREF(t);
    v = make(PyExc_KeyError, tup(1, S("sub")));
    tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    put("type=%s value=", ((PyTypeObject *)t)->tp_name);
    put_obj(v, 1);
    Py_XDECREF(t);
    Py_XDECREF(v);
    end();

    begin("Normalize: the class refuses the value");
    t = PyExc_UnicodeDecodeError;
    Py_INCREF(t);
    v = PyUnicode_FromString("not five args");
    tb = NULL;
    PyErr_NormalizeException(&t, &v, &tb);
    put("type=%s value=", ((PyTypeObject *)t)->tp_name);
    put_obj(v, 1);
    Py_XDECREF(t);
    Py_XDECREF(v);
    end();

    begin("GetExcInfo with nothing handled");
    PyErr_GetExcInfo(&t, &v, &tb);
    put("type=");
    put_obj(t, 1);
    put(" value=");
    put_obj(v, 1);
    put(" tb=");
    put_obj(tb, 1);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    end();

    PyObject *handled = make(PyExc_ValueError, tup(1, S("handled")));
    Py_INCREF(handled);
    PyErr_SetExcInfo(NULL, handled, NULL);
    begin("GetExcInfo while handling ValueError");
    PyErr_GetExcInfo(&t, &v, &tb);
    put("type=");
    put_obj(t, 1);
    put(" value=");
    put_obj(v, 1);
    put(" tb=");
    put_obj(tb, 1);
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    PyObject *h = PyErr_GetHandledException();
    put(" handled=");
    put_obj(h, 1);
    Py_XDECREF(h);
    end();
    CASE("SetString while handling: __context__ chained", PyErr_SetString(PyExc_RuntimeError, "during"));
    CASE("SetObject(handled itself) while handling", PyErr_SetObject(PyExc_ValueError, handled));
    PyErr_SetExcInfo(NULL, NULL, NULL);
    CASE("SetString after the handler ended", PyErr_SetString(PyExc_RuntimeError, "after"));
    Py_DECREF(handled);

    begin("PyException_SetCause / GetCause / context");
    {
        PyObject *outer = make(PyExc_RuntimeError, tup(1, S("outer")));
        PyObject *inner = make(PyExc_KeyError, tup(1, S("inner")));
        put("suppress_before=%d ", ((PyBaseExceptionObject *)outer)->suppress_context);
        Py_INCREF(inner);
        PyException_SetCause(outer, inner);
        PyObject *c = PyException_GetCause(outer);
        put("cause=");
        put_obj(c, 1);
        put(" suppress_after=%d ", ((PyBaseExceptionObject *)outer)->suppress_context);
        Py_XDECREF(c);
        Py_INCREF(inner);
        PyException_SetContext(outer, inner);
        c = PyException_GetContext(outer);
        put("context=");
        put_obj(c, 1);
        Py_XDECREF(c);
        PyObject *tb2 = PyException_GetTraceback(outer);
        put(" tb=%s", tb2 ? "set" : "NULL");
        Py_XDECREF(tb2);
        put(" set_tb(None)=%d", PyException_SetTraceback(outer, Py_None));
        {
            PyObject *one = I(1);
            put(" set_tb(1)=%d ", PyException_SetTraceback(outer, one));
            Py_DECREF(one);
        }
        put_pending();
        PyException_SetCause(outer, NULL);
        Py_DECREF(inner);
        Py_DECREF(outer);
    }
    end();

    begin("PyExceptionClass_Name");
    put("%s %s %s", PyExceptionClass_Name(PyExc_ValueError), PyExceptionClass_Name(PyExc_IOError),
        PyExceptionClass_Name(PyExc_ResourceWarning));
    end();

    begin("PyExceptionClass_Check / PyExceptionInstance_Check");
    {
        PyObject *e = make(PyExc_ValueError, tup(0));
        put("%d %d %d %d %d", PyExceptionClass_Check(PyExc_ValueError), PyExceptionClass_Check(e),
            PyExceptionInstance_Check(e), PyExceptionInstance_Check(PyExc_ValueError),
            PyExceptionClass_Check((PyObject *)&PyLong_Type));
        put(" class=%s", ((PyTypeObject *)PyExceptionInstance_Class(e))->tp_name);
        Py_DECREF(e);
    }
    end();

    begin("instances are garbage-free: refcount of args");
    {
        PyObject *arg = PyUnicode_FromString("counted");
        Py_ssize_t before = Py_REFCNT(arg);
        PyErr_SetObject(PyExc_ValueError, arg);
        PyErr_Fetch(&t, &v, &tb);
        PyErr_NormalizeException(&t, &v, &tb);
        put("held=%zd ", Py_REFCNT(arg) - before);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
        put("after=%zd", Py_REFCNT(arg) - before);
        Py_DECREF(arg);
    }
    end();
}

static void cases_printing(void) {
    begin("PyErr_Print ValueError");
    PyErr_SetString(PyExc_ValueError, "printed");
    capture_start();
    PyErr_Print();
    capture_end();
    put(" occurred=%d", PyErr_Occurred() != NULL);
    end();

    begin("PyErr_Print empty message");
    PyErr_SetNone(PyExc_KeyError);
    capture_start();
    PyErr_PrintEx(0);
    capture_end();
    end();

    begin("PyErr_Print KeyError key repr");
    PyErr_SetString(PyExc_KeyError, "key");
    capture_start();
    PyErr_Print();
    capture_end();
    end();

    begin("PyErr_Print OSError");
    set_args(PyExc_OSError, tup(3, I(ENOENT), S("No such file or directory"), S("f")));
    capture_start();
    PyErr_Print();
    capture_end();
    end();

    begin("PyErr_Print chained cause");
    {
        PyObject *inner = make(PyExc_ValueError, tup(1, S("inner")));
        PyObject *outer = make(PyExc_RuntimeError, tup(1, S("outer")));
        PyException_SetCause(outer, inner);
        PyErr_SetObject(PyExc_RuntimeError, outer);
        Py_DECREF(outer);
    }
    capture_start();
    PyErr_Print();
    capture_end();
    end();

    begin("PyErr_Print chained context");
    {
        PyObject *inner = make(PyExc_ValueError, tup(1, S("first")));
        PyObject *outer = make(PyExc_TypeError, tup(1, S("second")));
        PyException_SetContext(outer, inner);
        PyErr_SetObject(PyExc_TypeError, outer);
        Py_DECREF(outer);
    }
    capture_start();
    PyErr_Print();
    capture_end();
    end();

    begin("PyErr_Print with nothing pending");
    capture_start();
    PyErr_Print();
    capture_end();
    end();

    begin("PyErr_WriteUnraisable(obj)");
    PyErr_SetString(PyExc_ValueError, "lost");
    {
        PyObject *obj = PyUnicode_FromString("the object");
        capture_start();
        PyErr_WriteUnraisable(obj);
        capture_end();
        Py_DECREF(obj);
    }
    put(" occurred=%d", PyErr_Occurred() != NULL);
    end();

    begin("PyErr_WriteUnraisable(NULL), no message");
    PyErr_SetNone(PyExc_ValueError);
    capture_start();
    PyErr_WriteUnraisable(NULL);
    capture_end();
    end();

    begin("PyErr_WriteUnraisable(None)");
    PyErr_SetString(PyExc_ValueError, "x");
    capture_start();
    PyErr_WriteUnraisable(Py_None);
    capture_end();
    end();

    begin("PyErr_WriteUnraisable with nothing pending");
    {
        PyObject *obj = PyLong_FromLong(7);
        capture_start();
        PyErr_WriteUnraisable(obj);
        capture_end();
        Py_DECREF(obj);
    }
    end();

    begin("PyErr_Display");
    {
        PyObject *e = make(PyExc_ZeroDivisionError, tup(1, S("div")));
        capture_start();
        PyErr_Display(NULL, e, NULL);
        capture_end();
        Py_DECREF(e);
    }
    end();
}



/* o.name() and o.name(arg) (arg stolen) with the 3.9+ calls both sides have. */
static PyObject *method0(PyObject *o, const char *name) {
    PyObject *n = S(name);
    PyObject *r = PyObject_CallMethodNoArgs(o, n);
    Py_DECREF(n);
    return r;
}
static PyObject *method1(PyObject *o, const char *name, PyObject *arg) {
    PyObject *n = S(name);
    PyObject *r = PyObject_CallMethodOneArg(o, n, arg);
    Py_DECREF(n);
    Py_DECREF(arg);
    return r;
}

/* getattr(o, name) into the line, or the error it raised. */
static void put_attr(PyObject *o, const char *name) {
    PyObject *v = PyObject_GetAttrString(o, name);
    put("%s=", name);
    if (v == NULL) {
        put("<");
        put_pending();
        put(">");
    } else {
        put_obj(v, 1);
        Py_DECREF(v);
    }
    put(" ");
}

/* type(*args, **kwargs) through PyObject_Call (args and kwargs stolen;
   kwargs may be NULL). */
static PyObject *call(PyObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *r = PyObject_Call(type, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static PyObject *kw(const char *k1, PyObject *v1, const char *k2, PyObject *v2) {
    PyObject *d = PyDict_New();
    if (k1) {
        PyDict_SetItemString(d, k1, v1);
        Py_DECREF(v1);
    }
    if (k2) {
        PyDict_SetItemString(d, k2, v2);
        Py_DECREF(v2);
    }
    return d;
}

#define CALL_CASE(what, expr)                  \
    do {                                       \
        begin(what);                           \
        PyObject *r_ = (expr);                 \
        if (r_ == NULL) {                      \
            put_pending();                     \
        } else {                               \
            put_obj(r_, 1);                    \
            Py_DECREF(r_);                     \
        }                                      \
        end();                                 \
    } while (0)

static void cases_attributes(void) {
    PyObject *e = make(PyExc_OSError, tup(3, I(ENOENT), S("missing"), S("f.txt")));
    begin("OSError attributes");
    put_attr(e, "args");
    put_attr(e, "errno");
    put_attr(e, "strerror");
    put_attr(e, "filename");
    put_attr(e, "filename2");
    put_attr(e, "characters_written");
    put_attr(e, "__traceback__");
    put_attr(e, "__context__");
    put_attr(e, "__cause__");
    put_attr(e, "__suppress_context__");
    end();
    begin("set and delete attributes");
    {
        PyObject *lst = PyList_New(0);
        PyList_Append(lst, PyLong_FromLong(1));
        put("set args=%d ", PyObject_SetAttrString(e, "args", lst));
        Py_DECREF(lst);
        put_attr(e, "args");
        put("del args=%d ", PyObject_DelAttrString(e, "args"));
        put_pending();
        put(" set extra=%d ", PyObject_SetAttrString(e, "extra", Py_True));
        put_attr(e, "extra");
        put_attr(e, "__dict__");
        put("set errno=%d ", PyObject_SetAttrString(e, "errno", Py_None));
        put_attr(e, "errno");
        put("set __cause__=%d ", PyObject_SetAttrString(e, "__cause__", Py_True));
        put_pending();
        put(" set __context__ None=%d ", PyObject_SetAttrString(e, "__context__", Py_None));
        put("set __suppress_context__=%d ", PyObject_SetAttrString(e, "__suppress_context__", Py_True));
        put_attr(e, "__suppress_context__");
        put("set __traceback__=%d ", PyObject_SetAttrString(e, "__traceback__", Py_True));
        put_pending();
    }
    end();
    begin("methods");
    {
        PyObject *r = method0(e, "__reduce__");
        put("__reduce__=");
        put_obj(r, 1);
        Py_XDECREF(r);
        r = method1(e, "with_traceback", N());
        put(" with_traceback(None) is e: %d ", r == e);
        Py_XDECREF(r);
        r = method1(e, "add_note", S("a note"));
        put("add_note=");
        put_obj(r, 1);
        Py_XDECREF(r);
        put(" ");
        put_attr(e, "__notes__");
        r = method1(e, "add_note", I(3));
        put("add_note(3)=");
        if (r == NULL)
            put_pending();
        Py_XDECREF(r);
    }
    end();
    begin("print with a note");
    PyErr_SetObject((PyObject *)Py_TYPE(e), e);
    capture_start();
    PyErr_Print();
    capture_end();
    end();
    Py_DECREF(e);

    PyObject *b = make(PyExc_BlockingIOError, tup(3, I(EAGAIN), S("again"), I(5)));
    begin("BlockingIOError.characters_written");
    put_attr(b, "characters_written");
    put("set=%d ", PyObject_SetAttrString(b, "characters_written", PyLong_FromLong(9)));
    put_attr(b, "characters_written");
    put("del=%d ", PyObject_DelAttrString(b, "characters_written"));
    put_attr(b, "characters_written");
    end();
    Py_DECREF(b);

    begin("class attributes");
    put_attr(PyExc_ValueError, "__name__");
    put_attr(PyExc_ValueError, "__module__");
    put_attr(PyExc_ValueError, "__qualname__");
    put_attr(PyExc_ValueError, "__doc__");
    put_attr(PyExc_KeyError, "__base__");
    put_attr(PyExc_FileNotFoundError, "__mro__");
    end();

    CALL_CASE("ValueError(1, 2)", call(PyExc_ValueError, tup(2, I(1), I(2)), NULL));
    CALL_CASE("ValueError(x=1)", call(PyExc_ValueError, tup(0), kw("x", I(1), NULL, NULL)));
    CALL_CASE("OSError(x=1)", call(PyExc_OSError, tup(0), kw("x", I(1), NULL, NULL)));
    CALL_CASE("ImportError('m', name='n', path='p')",
              call(PyExc_ImportError, tup(1, S("m")), kw("name", S("n"), "path", S("p"))));
    CALL_CASE("ImportError(bad='x')", call(PyExc_ImportError, tup(0), kw("bad", S("x"), NULL, NULL)));
    CALL_CASE("AttributeError('a', name='n', obj=1)",
              call(PyExc_AttributeError, tup(1, S("a")), kw("name", S("n"), "obj", I(1))));
    CALL_CASE("NameError(name='n')", call(PyExc_NameError, tup(0), kw("name", S("n"), NULL, NULL)));
    CALL_CASE("NameError(obj=1)", call(PyExc_NameError, tup(0), kw("obj", I(1), NULL, NULL)));
    begin("ImportError fields");
    {
        PyObject *ie = call(PyExc_ImportError, tup(1, S("m")), kw("name", S("n"), "path", S("p")));
        put_attr(ie, "msg");
        put_attr(ie, "name");
        put_attr(ie, "path");
        PyObject *r = method0(ie, "__reduce__");
        put("__reduce__=");
        put_obj(r, 1);
        Py_XDECREF(r);
        Py_XDECREF(ie);
    }
    end();
    begin("StopIteration/SystemExit/UnicodeError attributes");
    {
        PyObject *si = make(PyExc_StopIteration, tup(1, I(7)));
        put_attr(si, "value");
        Py_XDECREF(si);
        PyObject *se = make(PyExc_SystemExit, tup(1, S("bye")));
        put_attr(se, "code");
        Py_XDECREF(se);
        PyObject *ue = make(PyExc_UnicodeDecodeError,
                            tup(5, S("utf-8"), B("\xff", 1), I(0), I(1), S("invalid start byte")));
        put_attr(ue, "encoding");
        put_attr(ue, "object");
        put_attr(ue, "start");
        put_attr(ue, "end");
        put_attr(ue, "reason");
        Py_XDECREF(ue);
    }
    end();
}

static void put_class(PyObject *cls) {
    if (cls == NULL) {
        put_pending();
        return;
    }
    put("tp_name=%s ", ((PyTypeObject *)cls)->tp_name);
    put_attr(cls, "__name__");
    put_attr(cls, "__qualname__");
    put_attr(cls, "__module__");
    put_attr(cls, "__doc__");
    put_attr(cls, "__mro__");
    put("repr=");
    put_obj(cls, 1);
    put(" heap=%d gc=%d exc=%d base=%d", (int)((((PyTypeObject *)cls)->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0),
        (int)((((PyTypeObject *)cls)->tp_flags & Py_TPFLAGS_HAVE_GC) != 0), PyExceptionClass_Check(cls),
        (int)((((PyTypeObject *)cls)->tp_flags & Py_TPFLAGS_BASETYPE) != 0));
}

static void cases_new_exception(void) {
    PyObject *err = PyErr_NewException("mod.Err", NULL, NULL);
    begin("NewException('mod.Err')");
    put_class(err);
    end();
    CASE("raise mod.Err('x')", PyErr_SetString(err, "x"));
    CASE("raise mod.Err()", PyErr_SetNone(err));
    begin("print mod.Err");
    PyErr_SetString(err, "printed");
    capture_start();
    PyErr_Print();
    capture_end();
    end();
    begin("mod.Err matches");
    put("%d %d %d", PyErr_GivenExceptionMatches(err, PyExc_Exception), PyErr_GivenExceptionMatches(err, err),
        PyErr_GivenExceptionMatches(PyExc_Exception, err));
    end();
    begin("mod.Err refcount after raising and clearing");
    {
        Py_ssize_t before = Py_REFCNT(err);
        for (int i = 0; i < 10; i++) {
            PyErr_SetString(err, "again");
            PyObject *t, *v, *tb;
            PyErr_Fetch(&t, &v, &tb);
            PyErr_NormalizeException(&t, &v, &tb);
            Py_XDECREF(t);
            Py_XDECREF(v);
            Py_XDECREF(tb);
        }
        put("delta=%zd", Py_REFCNT(err) - before);
    }
    end();

    PyObject *sub = PyErr_NewException("pkg.sub.SubErr", err, NULL);
    begin("NewException('pkg.sub.SubErr', mod.Err)");
    put_class(sub);
    end();
    CASE("raise SubErr(1, 2)", set_args(sub, tup(2, I(1), I(2))));

    begin("NewException('NoDot')");
    put_class(PyErr_NewException("NoDot", NULL, NULL));
    end();

    PyObject *doc = PyErr_NewExceptionWithDoc("m.Documented", "The docstring.", PyExc_ValueError, NULL);
    begin("NewExceptionWithDoc");
    put_class(doc);
    end();

    PyObject *dict = PyDict_New();
    PyDict_SetItemString(dict, "answer", I(42));
    PyDict_SetItemString(dict, "__module__", S("elsewhere"));
    PyObject *withdict = PyErr_NewException("m.WithDict", PyExc_LookupError, dict);
    begin("NewException with a dict");
    put_class(withdict);
    put(" ");
    put_attr(withdict, "answer");
    end();
    Py_DECREF(dict);

    PyObject *bases = tup(1, R(PyExc_RuntimeError));
    PyObject *fromtuple = PyErr_NewException("m.FromTuple", bases, NULL);
    begin("NewException with a tuple of one base");
    put_class(fromtuple);
    end();
    Py_DECREF(bases);

    PyObject *oserr = PyErr_NewException("m.MyOSError", PyExc_OSError, NULL);
    CASE("MyOSError(ENOENT, 'x', 'f')", set_args(oserr, tup(3, I(ENOENT), S("x"), S("f"))));
    CASE("SetFromErrno(MyOSError)", {
        errno = EACCES;
        PyErr_SetFromErrno(oserr);
    });
    PyObject *keyerr = PyErr_NewException("m.MyKeyError", PyExc_KeyError, NULL);
    CASE("MyKeyError('k')", PyErr_SetString(keyerr, "k"));
    PyObject *warn = PyErr_NewException("m.MyWarning", PyExc_UserWarning, NULL);
    begin("WarnEx(m.MyWarning)");
    capture_start();
    int rc = PyErr_WarnEx(warn, "custom category", 1);
    capture_end();
    put(" rc=%d", rc);
    end();

    CASE("NewException with a non-class base", put_class(PyErr_NewException("m.Bad", Py_None, NULL)));

    Py_XDECREF(err);
    Py_XDECREF(sub);
    Py_XDECREF(doc);
    Py_XDECREF(withdict);
    Py_XDECREF(fromtuple);
    Py_XDECREF(oserr);
    Py_XDECREF(keyerr);
    Py_XDECREF(warn);
}

static void warn_case(const char *what, int (*fn)(void)) {
    begin(what);
    capture_start();
    int rc = fn();
    capture_end();
    put(" rc=%d ", rc);
    put_pending();
    end();
}

static int w_user(void) { return PyErr_WarnEx(PyExc_UserWarning, "user warning", 1); }
static int w_user_again(void) { return PyErr_WarnEx(PyExc_UserWarning, "user warning", 2); }
static int w_dep(void) { return PyErr_WarnEx(PyExc_DeprecationWarning, "deprecated", 1); }
static int w_pdep(void) { return PyErr_WarnEx(PyExc_PendingDeprecationWarning, "pending", 1); }
static int w_import(void) { return PyErr_WarnEx(PyExc_ImportWarning, "import", 1); }
static int w_resource(void) { return PyErr_ResourceWarning(Py_None, 1, "unclosed %s", "file"); }
static int w_runtime(void) { return PyErr_WarnEx(PyExc_RuntimeWarning, "runtime", 1); }
static int w_null(void) { return PyErr_WarnEx(NULL, "null category", 1); }
static int w_future(void) { return PyErr_WarnEx(PyExc_FutureWarning, "future", 0); }
static int w_syntax(void) { return PyErr_WarnEx(PyExc_SyntaxWarning, "syntax", 1); }
static int w_unicode(void) { return PyErr_WarnEx(PyExc_UnicodeWarning, "unicode", 1); }
static int w_bytes(void) { return PyErr_WarnEx(PyExc_BytesWarning, "bytes", 1); }
static int w_encoding(void) { return PyErr_WarnEx(PyExc_EncodingWarning, "encoding", 1); }
static int w_base(void) { return PyErr_WarnEx(PyExc_Warning, "plain warning", 1); }
static int w_format(void) { return PyErr_WarnFormat(PyExc_UserWarning, 1, "fmt %d %s %R", 42, "x", Py_None); }
static int w_explicit(void) {
    return PyErr_WarnExplicit(PyExc_UserWarning, "explicit", "pkg/file.py", 7, "pkg.file", NULL);
}
static int w_explicit_nomod(void) {
    return PyErr_WarnExplicit(PyExc_UserWarning, "explicit nomod", "dir/file.py", 8, NULL, NULL);
}
static int w_explicit_main_dep(void) {
    return PyErr_WarnExplicit(PyExc_DeprecationWarning, "main dep", "m.py", 3, "__main__", NULL);
}
static PyObject *registry;
static int w_registry(void) {
    return PyErr_WarnExplicit(PyExc_RuntimeWarning, "with registry", "r.py", 9, "r", registry);
}
static int w_bad_registry(void) {
    return PyErr_WarnExplicit(PyExc_RuntimeWarning, "bad registry", "r.py", 9, "r", Py_True);
}
static int w_explicit_format(void) {
    return PyErr_WarnExplicitFormat(PyExc_UserWarning, "f.py", 2, "f", NULL, "count=%d", 3);
}
static int w_not_warning(void) { return PyErr_WarnEx(PyExc_ValueError, "not a warning class", 1); }

static void cases_warnings(void) {
    warn_case("WarnEx(UserWarning)", w_user);
    warn_case("WarnEx(UserWarning) again: once per location", w_user_again);
    warn_case("WarnEx(DeprecationWarning): ignored by default", w_dep);
    warn_case("WarnEx(PendingDeprecationWarning)", w_pdep);
    warn_case("WarnEx(ImportWarning)", w_import);
    warn_case("ResourceWarning", w_resource);
    warn_case("WarnEx(RuntimeWarning)", w_runtime);
    warn_case("WarnEx(NULL category)", w_null);
    warn_case("WarnEx(FutureWarning, stack_level 0)", w_future);
    warn_case("WarnEx(SyntaxWarning)", w_syntax);
    warn_case("WarnEx(UnicodeWarning)", w_unicode);
    warn_case("WarnEx(BytesWarning)", w_bytes);
    warn_case("WarnEx(EncodingWarning)", w_encoding);
    warn_case("WarnEx(Warning)", w_base);
    warn_case("WarnFormat", w_format);
    warn_case("WarnExplicit", w_explicit);
    warn_case("WarnExplicit again, no registry: shown again", w_explicit);
    warn_case("WarnExplicit without module", w_explicit_nomod);
    warn_case("WarnExplicit(DeprecationWarning, module __main__)", w_explicit_main_dep);
    registry = PyDict_New();
    warn_case("WarnExplicit with a registry", w_registry);
    warn_case("WarnExplicit with the registry again", w_registry);
    begin("registry contents");
    put("%zd keys, version=", PyDict_Size(registry));
    put_obj(PyDict_GetItemString(registry, "version"), 1);
    end();
    Py_DECREF(registry);
    warn_case("WarnExplicit with a bad registry", w_bad_registry);
    warn_case("WarnExplicitFormat", w_explicit_format);
    warn_case("WarnEx(ValueError)", w_not_warning);
}

int main(void) {
    Py_Initialize();
    cases_values();
    cases_oserror();
    cases_unicode();
    cases_matching();
    cases_indicator();
    cases_printing();
    cases_attributes();
    cases_new_exception();
    cases_warnings();
    Py_Finalize();
    return 0;
}
