/* Differential cases for PyTraceBack_Print (Python/traceback.c), which
 * PyO3 calls to format an error's traceback: the header and one
 * `File "...", line N, in NAME` entry per PyTraceBack_Here frame; the
 * source line under an entry when the file can be read (by its name, or
 * its last component under a sys.path entry), stripped of its
 * indentation, with universal newlines; none for `<string>`-style names
 * or lines past the end; runs of identical entries summarised;
 * sys.tracebacklimit (positive, zero, negative, huge, not an int); a NULL
 * traceback, a non-traceback, a NULL file and a writer that fails. What
 * was written is gathered, one piece per write() call, by a writer module
 * whose write() appends to a list.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <frameobject.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "case.h"

static PyObject *written; /* the list write() appends to */

static PyObject *w_write(PyObject *self, PyObject *arg)
{
    (void)self;
    /* An entry naming boom.pyx cannot be written. */
    const char *text = PyUnicode_Check(arg) ? PyUnicode_AsUTF8(arg) : NULL;
    if (text != NULL && strstr(text, "boom.pyx") != NULL) {
        PyErr_SetString(PyExc_OSError, "write failed");
        return NULL;
    }
    if (PyList_Append(written, arg) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyUnicode_Check(arg) ? PyUnicode_GET_LENGTH(arg) : 0);
}

static PyMethodDef writer_methods[] = {
    {"write", w_write, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};
static PyModuleDef writer_def = {PyModuleDef_HEAD_INIT, "writer", NULL, -1, writer_methods, NULL, NULL, NULL, NULL};

static PyObject *writer, *globals;

static PyFrameObject *frame_for(const char *file, const char *func, int line)
{
    PyCodeObject *code = PyCode_NewEmpty(file, func, line);
    if (code == NULL)
        return NULL;
    PyFrameObject *frame = PyFrame_New(PyThreadState_Get(), code, globals, NULL);
    Py_DECREF(code);
    return frame;
}

/* A traceback of the entries (file, func, line), outermost first: each is
   pushed as an error leaving a C function would push it. An entry equal to
   the one before it reuses its frame (the same code object), as a
   recursive call's entries share their code. The frames are made with no
   error pending, as Cython makes them. */
static PyObject *make_tb(int n, const char *const *files, const char *const *funcs, const int *lines)
{
    PyFrameObject *frames[16];
    for (int i = 0; i < n; i++) {
        if (i > 0 && strcmp(files[i], files[i - 1]) == 0 && strcmp(funcs[i], funcs[i - 1]) == 0
            && lines[i] == lines[i - 1]) {
            frames[i] = frames[i - 1];
            Py_INCREF(frames[i]);
        } else if ((frames[i] = frame_for(files[i], funcs[i], lines[i])) == NULL) {
            PyErr_Print();
            exit(2);
        }
    }
    PyErr_SetString(PyExc_ValueError, "x");
    for (int i = n - 1; i >= 0; i--) {
        if (PyTraceBack_Here(frames[i]) < 0) {
            PyErr_Print();
            exit(2);
        }
        Py_DECREF(frames[i]);
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    Py_XDECREF(t);
    Py_XDECREF(v);
    return tb;
}

/* PyTraceBack_Print(tb, file): the result, then the pieces written. */
static void print_case(const char *what, PyObject *tb, PyObject *file)
{
    int r = PyTraceBack_Print(tb, file);
    if (r < 0 && PyErr_ExceptionMatches(PyExc_SystemError)) {
        /* PyErr_BadInternalCall names the C file and line that raised it:
           compare only what follows. */
        PyObject *t, *v, *etb;
        PyErr_Fetch(&t, &v, &etb);
        PyErr_NormalizeException(&t, &v, &etb);
        PyObject *s = v ? PyObject_Str(v) : NULL;
        const char *m = s ? PyUnicode_AsUTF8(s) : NULL;
        const char *internal = m ? strstr(m, ": bad argument to internal function") : NULL;
        PyErr_SetString(PyExc_SystemError, internal ? internal + 2 : m ? m : "?");
        Py_XDECREF(s);
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(etb);
    }
    show(what, r < 0 ? NULL : PyLong_FromLong(r));
    show("... written", PySequence_List(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(2);
    }
}

int main(void)
{
    Py_Initialize();
    written = PyList_New(0);
    writer = PyModule_Create(&writer_def);
    globals = PyDict_New();

    char dir[] = "/tmp/pybuffer-tbprint-XXXXXX";
    if (mkdtemp(dir) == NULL)
        return 2;
    /* The sources are named relative to the directory (the output must
       not depend on its name). */
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == NULL || chdir(dir) != 0)
        return 2;
    const char *src = "mod.pyx", *crlf = "crlf.pyx", *latin = "latin.pyx", *boom = "boom_src.pyx";
    write_file(src, "def f():\n    x = 1\n\t\f  return g(x)   \n\ncaf\xc3\xa9 = 1\n");
    write_file(crlf, "one\r\n  two\rthree\r\n");
    write_file(latin, "caf\xe9\n");
    write_file(boom, "  'boom.pyx'\n");

    {
        const char *files[] = {"a.pyx", "b.pyx", "<string>"};
        const char *funcs[] = {"outer", "inner", "<module>"};
        const int lines[] = {10, 20, 1};
        PyObject *tb = make_tb(3, files, funcs, lines);
        print_case("three entries, no sources", tb, writer);
        PySys_SetObject("tracebacklimit", PyLong_FromLong(2));
        print_case("sys.tracebacklimit = 2", tb, writer);
        PySys_SetObject("tracebacklimit", PyLong_FromLong(1));
        print_case("sys.tracebacklimit = 1", tb, writer);
        PySys_SetObject("tracebacklimit", PyLong_FromLong(0));
        print_case("sys.tracebacklimit = 0", tb, writer);
        PySys_SetObject("tracebacklimit", PyLong_FromLong(-5));
        print_case("sys.tracebacklimit = -5", tb, writer);
        PyObject *huge = PyLong_FromString("100000000000000000000000000", NULL, 10);
        PySys_SetObject("tracebacklimit", huge);
        Py_DECREF(huge);
        print_case("sys.tracebacklimit = 10**26", tb, writer);
        PySys_SetObject("tracebacklimit", Py_True);
        print_case("sys.tracebacklimit = True", tb, writer);
        PyObject *s = PyUnicode_FromString("2");
        PySys_SetObject("tracebacklimit", s);
        Py_DECREF(s);
        print_case("sys.tracebacklimit = '2' (not an int: ignored)", tb, writer);
        PyObject *sys = PyImport_ImportModule("sys");
        PyObject_DelAttrString(sys, "tracebacklimit");
        Py_DECREF(sys);
        print_case("PyTraceBack_Print(tb, NULL)", tb, NULL);
        PyErr_SetString(PyExc_KeyError, "pending");
        print_case("with an error pending", tb, writer);
        PyErr_Clear();
        Py_DECREF(tb);
    }
    print_case("PyTraceBack_Print(NULL, w)", NULL, writer);
    PyObject *five = PyLong_FromLong(5);
    print_case("PyTraceBack_Print(5, w)", five, writer);
    print_case("PyTraceBack_Print(5, NULL)", five, NULL);
    Py_DECREF(five);
    {
        const char *files[] = {src, src, src, src, src, src, src, src};
        const char *funcs[] = {"f", "f", "f", "f", "f", "f", "f", "f"};
        const int lines[] = {1, 2, 3, 4, 5, 6, 0, -1};
        PyObject *tb = make_tb(8, files, funcs, lines);
        print_case("source lines: plain, indented, tabs and form feed, empty, UTF-8, past the end, 0, -1", tb,
                   writer);
        Py_DECREF(tb);
    }
    {
        const char *files[] = {crlf, crlf, crlf, crlf, latin};
        const char *funcs[] = {"a", "b", "c", "d", "e"};
        const int lines[] = {1, 2, 3, 4, 1};
        PyObject *tb = make_tb(5, files, funcs, lines);
        print_case("universal newlines; a file that is not UTF-8", tb, writer);
        Py_DECREF(tb);
    }
    {
        /* Not found by its name: its last component under sys.path. */
        PyObject *path = Py_BuildValue("[isss]", 5, "/nonexistent-dir", "", dir);
        if (chdir(cwd) != 0)
            return 2;
        PySys_SetObject("path", path);
        Py_DECREF(path);
        const char *files[] = {"some/where/mod.pyx", "nowhere.pyx", "."};
        const char *funcs[] = {"f", "g", "h"};
        const int lines[] = {3, 1, 1};
        PyObject *tb = make_tb(3, files, funcs, lines);
        print_case("found under sys.path; not found; a directory", tb, writer);
        PySys_SetObject("path", Py_None);
        print_case("sys.path = None", tb, writer);
        if (chdir(dir) != 0)
            return 2;
        Py_DECREF(tb);
    }
    {
        const char *f6[] = {"r.pyx", "r.pyx", "r.pyx", "r.pyx", "r.pyx", "r.pyx", "s.pyx"};
        const char *n6[] = {"rec", "rec", "rec", "rec", "rec", "rec", "rec"};
        const int l6[] = {7, 7, 7, 7, 7, 7, 7};
        PyObject *tb = make_tb(7, f6, n6, l6);
        print_case("six identical entries, then another", tb, writer);
        Py_DECREF(tb);
        tb = make_tb(4, f6, n6, l6);
        print_case("four identical entries", tb, writer);
        Py_DECREF(tb);
        tb = make_tb(3, f6, n6, l6);
        print_case("three identical entries", tb, writer);
        Py_DECREF(tb);
        const int l5[] = {7, 7, 7, 8, 8};
        tb = make_tb(5, f6, n6, l5);
        print_case("entries differing in their line", tb, writer);
        Py_DECREF(tb);
    }
    {
        const char *files[] = {"a.pyx", "boom.pyx"};
        const char *funcs[] = {"ok", "bad"};
        const int lines[] = {1, 2};
        PyObject *tb = make_tb(2, files, funcs, lines);
        print_case("write() fails on the second entry", tb, writer);
        Py_DECREF(tb);
        const char *files2[] = {boom, "c.pyx"};
        const char *funcs2[] = {"f", "g"};
        tb = make_tb(2, files2, funcs2, lines);
        print_case("write() fails on a source line (ignored, as CPython does)", tb, writer);
        Py_DECREF(tb);
    }
    unlink(src);
    unlink(crlf);
    unlink(latin);
    unlink(boom);
    if (chdir(cwd) != 0)
        return 2;
    rmdir(dir);
    return 0;
}
