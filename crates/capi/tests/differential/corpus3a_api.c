/* Differential cases for the API the compressor corpus members added
 * (scripts/corpus.py: lz4.frame, python-zstd, backports.zstd): PyOS_snprintf
 * and PyOS_vsnprintf (Python/mysnprintf.c), _PyNumber_Index
 * (Objects/abstract.c, which Argument Clinic parsers call), len() of
 * memoryviews of every dimension (Objects/memoryobject.c's memory_length,
 * reached through PyObject_Size, PySequence_Size and PyMapping_Size), and
 * Py_EnterRecursiveCall / Py_LeaveRecursiveCall (Python/ceval.c), which
 * simplejson's encoder calls, and PySequence_GetSlice (regex calls it).
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int case_no;

static void begin(const char *what)
{
    printf("%d\t%s\t", ++case_no, what);
}

/* Prints the pending exception as "raised Type: message" and clears it. */
static void print_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    printf("raised %s: ", type ? ((PyTypeObject *)type)->tp_name : "(no exception set)");
    PyObject *s = value ? PyObject_Str(value) : NULL;
    printf("%s", s ? PyUnicode_AsUTF8(s) : "(no message)");
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static void end(void)
{
    if (PyErr_Occurred()) {
        printf(" | exception left set: ");
        print_exception();
    }
    printf("\n");
    fflush(stdout);
}

/* ------------------------------------------------------------------ */
/*                     PyOS_snprintf / PyOS_vsnprintf                 */
/* ------------------------------------------------------------------ */

/* Prints the return code and the buffer, bytes past its NUL as '.'. */
static void print_buffer(int rc, const char *buf, size_t size)
{
    printf("rc %d, buffer \"", rc);
    int terminated = 0;
    for (size_t i = 0; i < size; i++) {
        if (terminated)
            putchar(buf[i] == 'X' ? '.' : '?');
        else if (buf[i] == '\0')
            terminated = 1, putchar('|');
        else
            putchar(buf[i]);
    }
    printf("\"");
}

static void snprintf_case(const char *what, size_t size, const char *fmt, ...)
{
    char buf[64];
    memset(buf, 'X', sizeof buf);
    begin(what);
    va_list va;
    va_start(va, fmt);
    int rc = PyOS_vsnprintf(buf, size, fmt, va);
    va_end(va);
    print_buffer(rc, buf, size < sizeof buf ? size + 1 : sizeof buf);
    end();
}

static void snprintf_cases(void)
{
    char buf[32];
    memset(buf, 'X', sizeof buf);
    begin("PyOS_snprintf(buf, 32, \"%d-%s\", 42, \"abc\")");
    int rc = PyOS_snprintf(buf, sizeof buf, "%d-%s", 42, "abc");
    print_buffer(rc, buf, 8);
    end();
    memset(buf, 'X', sizeof buf);
    begin("PyOS_snprintf truncates to size - 1 and terminates");
    rc = PyOS_snprintf(buf, 5, "hello %s", "world");
    print_buffer(rc, buf, 8);
    end();
    memset(buf, 'X', sizeof buf);
    begin("PyOS_snprintf with size 1");
    rc = PyOS_snprintf(buf, 1, "%s", "abc");
    print_buffer(rc, buf, 4);
    end();
    memset(buf, 'X', sizeof buf);
    begin("PyOS_snprintf with size 0 only measures");
    rc = PyOS_snprintf(buf, 0, "%s and %s", "this", "that");
    print_buffer(rc, buf, 4);
    end();

    snprintf_case("PyOS_vsnprintf %zd %lld %llu", 40, "%zd %lld %llu", (Py_ssize_t)-7, -1234567890123LL,
                  18446744073709551615ULL);
    snprintf_case("PyOS_vsnprintf %5.2f %e %g", 40, "%5.2f %e %g", 3.14159, 1e-300, 2.5);
    snprintf_case("PyOS_vsnprintf %% %c %x %o", 40, "%% %c %x %o", 'z', 255u, 8u);
    snprintf_case("PyOS_vsnprintf padding %-6s|%6s|%06d", 40, "%-6s|%6s|%06d", "ab", "cd", -42);
    snprintf_case("PyOS_vsnprintf exactly filling the buffer", 6, "%s", "abcde");
    snprintf_case("PyOS_vsnprintf one byte short", 6, "%s", "abcdef");
    snprintf_case("PyOS_vsnprintf an empty format", 10, "%s", "");
    snprintf_case("PyOS_vsnprintf UTF-8 passes through", 20, "caf\xc3\xa9 %s", "\xe2\x82\xac");
}

/* ------------------------------------------------------------------ */
/*                          _PyNumber_Index                           */
/* ------------------------------------------------------------------ */

static PyObject *index_result; /* what the __index__ of IndexMe returns */

static PyObject *indexme_index(PyObject *self)
{
    (void)self;
    if (index_result == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "__index__ failed on purpose");
        return NULL;
    }
    Py_INCREF(index_result);
    return index_result;
}

static PyType_Slot indexme_slots[] = {{Py_nb_index, (void *)indexme_index}, {0, NULL}};
static PyType_Spec indexme_spec = {"corpus3a.IndexMe", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, indexme_slots};

static void index_case(const char *what, PyObject *arg, int exact)
{
    begin(what);
    Py_ssize_t before = arg ? Py_REFCNT(arg) : 0;
    PyObject *r = exact ? PyNumber_Index(arg) : _PyNumber_Index(arg);
    if (r == NULL) {
        print_exception();
    } else {
        PyObject *s = PyObject_Repr(r);
        printf("-> %s (%s)%s", PyUnicode_AsUTF8(s), Py_TYPE(r)->tp_name, r == arg ? ", the argument itself" : "");
        Py_DECREF(s);
        Py_DECREF(r);
    }
    if (arg != NULL && Py_REFCNT(arg) != before)
        printf(" | refcount of the argument %+zd", Py_REFCNT(arg) - before);
    end();
}

static void index_cases(void)
{
    PyObject *seven = PyLong_FromLong(7);
    PyObject *big = PyLong_FromString("123456789012345678901234567890", NULL, 10);
    PyObject *flt = PyFloat_FromDouble(2.0);
    PyObject *str = PyUnicode_FromString("3");
    index_case("_PyNumber_Index(7)", seven, 0);
    index_case("_PyNumber_Index(a big int)", big, 0);
    index_case("_PyNumber_Index(True) keeps the bool", Py_True, 0);
    index_case("PyNumber_Index(True) makes an exact int", Py_True, 1);
    index_case("_PyNumber_Index(2.0)", flt, 0);
    index_case("_PyNumber_Index('3')", str, 0);
    index_case("_PyNumber_Index(None)", Py_None, 0);
    index_case("_PyNumber_Index(NULL)", NULL, 0);

    PyObject *type = PyType_FromSpec(&indexme_spec);
    PyObject *obj = type ? PyObject_CallNoArgs(type) : NULL;
    if (obj == NULL) {
        begin("IndexMe()");
        print_exception();
        end();
    } else {
        index_result = PyLong_FromLong(11);
        index_case("_PyNumber_Index(obj whose __index__ returns 11)", obj, 0);
        Py_DECREF(index_result);
        index_result = PyFloat_FromDouble(1.5);
        index_case("_PyNumber_Index(obj whose __index__ returns 1.5)", obj, 0);
        Py_DECREF(index_result);
        index_result = NULL;
        index_case("_PyNumber_Index(obj whose __index__ raises)", obj, 0);
        index_result = PyUnicode_FromString("x");
        index_case("PyNumber_Index(obj whose __index__ returns 'x')", obj, 1);
        Py_DECREF(index_result);
        index_result = NULL;
        Py_DECREF(obj);
    }
    Py_XDECREF(type);
    Py_DECREF(str);
    Py_DECREF(flt);
    Py_DECREF(big);
    Py_DECREF(seven);
}

/* ------------------------------------------------------------------ */
/*                          len(memoryview)                           */
/* ------------------------------------------------------------------ */

static void len_case(const char *what, PyObject *mv)
{
    begin(what);
    if (mv == NULL) {
        print_exception();
        end();
        return;
    }
    Py_ssize_t a = PyObject_Size(mv);
    Py_ssize_t b = PySequence_Size(mv);
    Py_ssize_t c = PyMapping_Size(mv);
    Py_ssize_t d = PyObject_Length(mv);
    printf("PyObject_Size %zd, PySequence_Size %zd, PyMapping_Size %zd, PyObject_Length %zd", a, b, c, d);
    end();
}

static void memoryview_cases(void)
{
    PyObject *bytes = PyBytes_FromString("abcdef");
    PyObject *mv = PyMemoryView_FromObject(bytes);
    len_case("len(memoryview(b'abcdef'))", mv);
    PyObject *mv2 = PyMemoryView_FromObject(mv);
    len_case("len(memoryview(memoryview))", mv2);
    Py_XDECREF(mv2);
    Py_XDECREF(mv);
    PyObject *empty = PyByteArray_FromStringAndSize("", 0);
    mv = PyMemoryView_FromObject(empty);
    len_case("len(memoryview(bytearray()))", mv);
    Py_XDECREF(mv);
    Py_DECREF(empty);

    static double cells[12];
    Py_ssize_t shape[2] = {3, 4}, strides[2] = {4 * sizeof(double), sizeof(double)};
    Py_buffer info = {0};
    info.buf = cells;
    info.len = sizeof cells;
    info.itemsize = sizeof(double);
    info.readonly = 1;
    info.ndim = 2;
    info.format = "d";
    info.shape = shape;
    info.strides = strides;
    mv = PyMemoryView_FromBuffer(&info);
    len_case("len of a 3x4 memoryview of doubles", mv);
    Py_XDECREF(mv);
    info.ndim = 0;
    info.len = sizeof(double);
    info.shape = NULL;
    info.strides = NULL;
    mv = PyMemoryView_FromBuffer(&info);
    len_case("len of a 0-dimensional memoryview", mv);
    Py_XDECREF(mv);
    Py_ssize_t shape1[1] = {0}, stride1[1] = {8};
    info.ndim = 1;
    info.len = 0;
    info.shape = shape1;
    info.strides = stride1;
    mv = PyMemoryView_FromBuffer(&info);
    len_case("len of an empty 1-D memoryview", mv);
    Py_XDECREF(mv);
    mv = PyMemoryView_FromMemory((char *)cells, 40, PyBUF_WRITE);
    len_case("len(PyMemoryView_FromMemory(p, 40, PyBUF_WRITE))", mv);
    Py_XDECREF(mv);
    Py_DECREF(bytes);
}

/* ------------------------------------------------------------------ */
/*                Py_EnterRecursiveCall / LeaveRecursiveCall          */
/* ------------------------------------------------------------------ */

/* Enters until refused (at most `cap` levels); prints how many it entered
   and the error, and leaves them all again. */
static int enter_until_refused(const char *what, const char *where, int cap)
{
    begin(what);
    int n = 0;
    while (n < cap && Py_EnterRecursiveCall(where) == 0)
        n++;
    printf("entered %d levels", n);
    if (PyErr_Occurred()) {
        printf(", then ");
        print_exception();
    }
    for (int i = 0; i < n; i++)
        Py_LeaveRecursiveCall();
    end();
    return n;
}

static void recursion_cases(void)
{
    enter_until_refused("Py_EnterRecursiveCall until refused", " while encoding a JSON object", 5000);
    enter_until_refused("...and again after leaving every level", " in __repr__", 5000);
    enter_until_refused("an empty where", "", 5000);
    begin("entering 10 levels and leaving them");
    int rc = 0;
    for (int i = 0; i < 10; i++)
        rc |= Py_EnterRecursiveCall(" in test");
    for (int i = 0; i < 10; i++)
        Py_LeaveRecursiveCall();
    printf("rc %d", rc);
    end();
    /* Levels C entered count against the checks of nested calls: with 995
       levels held, repr() of a nested list of depth 10 fails where
       CPython's does. */
    begin("repr() of a 10-deep list with 995 levels held");
    for (int i = 0; i < 995; i++)
        Py_EnterRecursiveCall("");
    PyObject *inner = PyList_New(0);
    for (int i = 0; i < 10; i++) {
        PyObject *outer = PyList_New(1);
        PyList_SET_ITEM(outer, 0, inner);
        inner = outer;
    }
    PyObject *r = PyObject_Repr(inner);
    if (r == NULL)
        print_exception();
    else
        printf("-> %s", PyUnicode_AsUTF8(r));
    Py_XDECREF(r);
    Py_DECREF(inner);
    for (int i = 0; i < 995; i++)
        Py_LeaveRecursiveCall();
    end();
}

/* ------------------------------------------------------------------ */
/*                        PySequence_GetSlice                         */
/* ------------------------------------------------------------------ */

static void slice_case(const char *what, PyObject *o, Py_ssize_t i1, Py_ssize_t i2)
{
    begin(what);
    Py_ssize_t before = o ? Py_REFCNT(o) : 0;
    PyObject *r = PySequence_GetSlice(o, i1, i2);
    if (r == NULL) {
        print_exception();
    } else {
        PyObject *s = PyObject_Repr(r);
        printf("-> %s (%s)%s", s ? PyUnicode_AsUTF8(s) : "?", Py_TYPE(r)->tp_name, r == o ? ", the object itself" : "");
        Py_XDECREF(s);
        Py_DECREF(r);
    }
    PyErr_Clear();
    if (o != NULL && Py_REFCNT(o) != before)
        printf(" | refcount of the object %+zd", Py_REFCNT(o) - before);
    end();
}

/* A type whose o[key] is repr(key): shows the slice PySequence_GetSlice
   makes. (pybuffer's built-in sequences do not take slice keys yet, so the
   cases use this type and the error paths.) */
static PyObject *echo_subscript(PyObject *self, PyObject *key)
{
    (void)self;
    return PyObject_Repr(key);
}

static PyType_Slot echo_slots[] = {{Py_mp_subscript, (void *)echo_subscript}, {0, NULL}};
static PyType_Spec echo_spec = {"corpus3a.Echo", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, echo_slots};

/* A type with only sq_item: a sequence, but not sliceable. */
static PyObject *seq_item(PyObject *self, Py_ssize_t i)
{
    (void)self;
    return PyLong_FromSsize_t(i);
}

static PyType_Slot seq_slots[] = {{Py_sq_item, (void *)seq_item}, {0, NULL}};
static PyType_Spec seq_spec = {"corpus3a.ItemsOnly", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, seq_slots};

static void getslice_cases(void)
{
    PyObject *echo_type = PyType_FromSpec(&echo_spec);
    PyObject *echo = echo_type ? PyObject_CallNoArgs(echo_type) : NULL;
    PyObject *seq_type = PyType_FromSpec(&seq_spec);
    PyObject *seq = seq_type ? PyObject_CallNoArgs(seq_type) : NULL;
    if (echo == NULL || seq == NULL) {
        begin("making the test types");
        print_exception();
        end();
        return;
    }
    PyObject *dict = Py_BuildValue("{i:i}", 1, 2);
    PyObject *num = PyLong_FromLong(5);
    slice_case("echo[1:3]", echo, 1, 3);
    slice_case("echo[-2:100]", echo, -2, 100);
    slice_case("echo[0:PY_SSIZE_T_MAX]", echo, 0, PY_SSIZE_T_MAX);
    slice_case("echo[PY_SSIZE_T_MIN:0]", echo, PY_SSIZE_T_MIN, 0);
    slice_case("a type with sq_item only", seq, 0, 1);
    slice_case("dict[0:1]", dict, 0, 1);
    slice_case("int[0:1]", num, 0, 1);
    slice_case("NULL[0:1]", NULL, 0, 1);
    Py_DECREF(num);
    Py_DECREF(dict);
    Py_DECREF(seq);
    Py_DECREF(seq_type);
    Py_DECREF(echo);
    Py_DECREF(echo_type);
}

int main(void)
{
    Py_Initialize();
    snprintf_cases();
    index_cases();
    memoryview_cases();
    recursion_cases();
    getslice_cases();
    return 0;
}
