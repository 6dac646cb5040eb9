/* Differential cases for the sys module (Python/sysmodule.c): the
 * attributes that hold for any CPython 3.11 and for pybuffer alike,
 * PySys_GetObject / PySys_SetObject, the writers PySys_WriteStdout & co
 * (through a writer installed as sys.stdout / sys.stderr, and the C stdio
 * fallback once it is removed), audit hooks from C and from sys.addaudithook,
 * the module's functions with their errors, and Py_GetArgcArgv (the
 * interpreter's original command line: none for an embedding host), and
 * the LC_CTYPE locale Py_Initialize leaves (the environment's).
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

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"

/* A pending error's type name, or "none". */
static const char *pending(void) {
    PyObject *t = PyErr_Occurred();
    return t ? ((PyTypeObject *)t)->tp_name : "none";
}

static PyObject *sys_call(const char *name, PyObject *args, PyObject *kwargs) {
    PyObject *sys = PyImport_ImportModule("sys");
    if (sys == NULL) {
        return NULL;
    }
    PyObject *f = PyObject_GetAttrString(sys, name);
    Py_DECREF(sys);
    if (f == NULL) {
        return NULL;
    }
    PyObject *r = PyObject_Call(f, args, kwargs);
    Py_DECREF(f);
    return r;
}

/* sys.<name>(*args) with the arguments of a Py_BuildValue tuple format. */
static PyObject *call_fmt(const char *name, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *args = Py_VaBuildValue(format, va);
    va_end(va);
    if (args == NULL) {
        return NULL;
    }
    PyObject *r = sys_call(name, args, NULL);
    Py_DECREF(args);
    return r;
}

/* ------------------------------------------------------------------------
 * A writer: an object whose write(text) appends text to a list.
 */

static PyObject *written;
static int writer_fails;

static PyObject *writer_write(PyObject *self, PyObject *text) {
    (void)self;
    if (writer_fails) {
        PyErr_SetString(PyExc_OSError, "the writer fails");
        return NULL;
    }
    if (PyList_Append(written, text) < 0) {
        return NULL;
    }
    return PyLong_FromSsize_t(PyUnicode_GetLength(text));
}

static PyMethodDef writer_methods[] = {
    {"write", writer_write, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot writer_slots[] = {
    {Py_tp_methods, writer_methods},
    {0, NULL},
};

static PyType_Spec writer_spec = {"sysdiff.Writer", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, writer_slots};

/* Shows what the writer got since the last call, and forgets it. */
static void show_written(const char *what) {
    show(what, PyList_AsTuple(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
}

/* ------------------------------------------------------------------------
 * Audit hooks: the C hook and the Python one record the events whose name
 * starts with "test." (CPython raises others of its own).
 */

static PyObject *c_events;
static PyObject *py_events;
static int veto_add_hook;

static int record(PyObject *into, const char *event, PyObject *args) {
    if (strncmp(event, "test.", 5) == 0 || (veto_add_hook && strcmp(event, "sys.addaudithook") == 0)) {
        PyObject *item = Py_BuildValue("(sO)", event, args);
        if (item == NULL || PyList_Append(into, item) < 0) {
            Py_XDECREF(item);
            return -1;
        }
        Py_DECREF(item);
    }
    if (veto_add_hook && strcmp(event, "sys.addaudithook") == 0) {
        PyErr_SetString(veto_add_hook == 1 ? PyExc_RuntimeError : PyExc_KeyError, "no more hooks");
        return -1;
    }
    if (strcmp(event, "test.fail") == 0) {
        PyErr_SetString(PyExc_ValueError, "vetoed");
        return -1;
    }
    return 0;
}

static int c_hook(const char *event, PyObject *args, void *data) {
    if (data != (void *)&c_events) {
        PyErr_SetString(PyExc_SystemError, "wrong user data");
        return -1;
    }
    return record(c_events, event, args);
}

static int late_hook_calls;

static int late_hook(const char *event, PyObject *args, void *data) {
    (void)event, (void)args, (void)data;
    late_hook_calls++;
    return 0;
}

static PyObject *py_hook(PyObject *self, PyObject *args) {
    (void)self;
    const char *event;
    PyObject *event_args;
    if (!PyArg_ParseTuple(args, "sO", &event, &event_args)) {
        return NULL;
    }
    if (strncmp(event, "test.", 5) == 0) {
        PyObject *item = Py_BuildValue("(sO)", event, event_args);
        if (item == NULL || PyList_Append(py_events, item) < 0) {
            Py_XDECREF(item);
            return NULL;
        }
        Py_DECREF(item);
    }
    Py_RETURN_NONE;
}

static PyMethodDef py_hook_def = {"py_hook", py_hook, METH_VARARGS, NULL};

static void show_events(const char *what) {
    PyObject *both = Py_BuildValue("(OO)", c_events, py_events);
    show(what, both);
    PyList_SetSlice(c_events, 0, PyList_GET_SIZE(c_events), NULL);
    PyList_SetSlice(py_events, 0, PyList_GET_SIZE(py_events), NULL);
}

/* ------------------------------------------------------------------------ */

static void attributes(void) {
    const char *names[] = {
        "maxsize", "maxunicode", "byteorder", "hexversion", "api_version", "float_repr_style",
        "version_info", "float_info", "int_info", "hash_info", "warnoptions", "_xoptions",
        "platform", NULL,
    };
    for (int i = 0; names[i] != NULL; i++) {
        char what[64];
        snprintf(what, sizeof what, "PySys_GetObject(%s)", names[i]);
        PyObject *o = PySys_GetObject(names[i]);
        Py_XINCREF(o);
        show(what, o);
    }
    PyObject *vi = PySys_GetObject("version_info");
    show("version_info.major", PyObject_GetAttrString(vi, "major"));
    show("version_info[:2]", PySequence_GetSlice(vi, 0, 2));
    show("version_info.releaselevel", PyObject_GetAttrString(vi, "releaselevel"));
    show("type(version_info)()", PyObject_CallNoArgs((PyObject *)Py_TYPE(vi)));
    show("type(version_info).__name__", PyObject_GetAttrString((PyObject *)Py_TYPE(vi), "__name__"));
    PyObject *hi = PySys_GetObject("hash_info");
    show("hash_info.modulus", PyObject_GetAttrString(hi, "modulus"));
    show("hash_info.algorithm", PyObject_GetAttrString(hi, "algorithm"));
    PyObject *fi = PySys_GetObject("float_info");
    show("float_info.epsilon", PyObject_GetAttrString(fi, "epsilon"));
    show("len(float_info)", PyLong_FromSsize_t(PySequence_Size(fi)));
    PyObject *ii = PySys_GetObject("int_info");
    show("int_info.bits_per_digit", PyObject_GetAttrString(ii, "bits_per_digit"));
    show("version startswith 3.11.", PyBool_FromLong(strncmp(PyUnicode_AsUTF8(PySys_GetObject("version")), "3.11.", 5) == 0));
    PyObject *modules = PySys_GetObject("modules");
    PyObject *sys = PyImport_ImportModule("sys");
    show("sys.modules is PyImport_GetModuleDict()", PyBool_FromLong(modules == PyImport_GetModuleDict()));
    show("sys.modules['sys'] is import sys", PyBool_FromLong(PyDict_GetItemString(modules, "sys") == sys));
    show("PyImport_AddModule('sys') is import sys", PyBool_FromLong(PyImport_AddModule("sys") == sys));
    Py_XDECREF(sys);
}

static void get_set(void) {
    PyObject *o = PySys_GetObject("no_such_attribute");
    printf("%d\tPySys_GetObject(missing)\t%s error=%s\n", ++case_no, o ? "found" : "NULL", pending());
    PyErr_SetString(PyExc_KeyError, "before");
    o = PySys_GetObject("maxsize");
    printf("%d\tPySys_GetObject with a pending error\t%s error=%s\n", ++case_no, o ? "found" : "NULL", pending());
    o = PySys_GetObject("no_such_attribute");
    printf("%d\tPySys_GetObject(missing) with a pending error\t%s error=%s\n", ++case_no, o ? "found" : "NULL", pending());
    PyErr_Clear();

    PyObject *v = PyUnicode_FromString("value");
    int rc = PySys_SetObject("pybuffer_test", v);
    printf("%d\tPySys_SetObject(new)\t%d refcnt+%zd\n", ++case_no, rc, Py_REFCNT(v) - 1);
    o = PySys_GetObject("pybuffer_test");
    Py_XINCREF(o);
    show("PySys_GetObject(set)", o);
    show("getattr(sys, set)", PyObject_GetAttrString(PyImport_ImportModule("sys"), "pybuffer_test"));
    rc = PySys_SetObject("pybuffer_test", NULL);
    printf("%d\tPySys_SetObject(del)\t%d error=%s refcnt+%zd\n", ++case_no, rc, pending(), Py_REFCNT(v) - 1);
    rc = PySys_SetObject("pybuffer_test", NULL);
    printf("%d\tPySys_SetObject(del missing)\t%d error=%s\n", ++case_no, rc, pending());
    o = PySys_GetObject("pybuffer_test");
    printf("%d\tPySys_GetObject(deleted)\t%s error=%s\n", ++case_no, o ? "found" : "NULL", pending());
    Py_DECREF(v);

    /* Deprecated in 3.11, and still exported: tested all the same. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    printf("%d\tPySys_HasWarnOptions()\t%d\n", ++case_no, PySys_HasWarnOptions());
#pragma GCC diagnostic pop
    PyObject *x = PySys_GetXOptions();
    Py_XINCREF(x);
    show("PySys_GetXOptions()", x);
    PySys_SetObject("_xoptions", Py_None);
    x = PySys_GetXOptions();
    Py_XINCREF(x);
    show("PySys_GetXOptions() after sys._xoptions = None", x);
    printf("%d\tPySys_GetXOptions() is sys._xoptions\t%d\n", ++case_no, x == PySys_GetObject("_xoptions"));
}

static void writers(void) {
    written = PyList_New(0);
    PyObject *type = PyType_FromSpec(&writer_spec);
    PyObject *writer = PyObject_CallNoArgs(type);
    PySys_SetObject("stdout", writer);
    PySys_SetObject("stderr", writer);

    PySys_WriteStdout("x=%d %s %zd|", 5, "abc", (Py_ssize_t)-7);
    show_written("PySys_WriteStdout(x=%d %s %zd)");
    PySys_WriteStderr("to stderr %c%%\n", 'Q');
    show_written("PySys_WriteStderr");
    char big[1500];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    PySys_WriteStdout("%s", big);
    PyObject *t = PyList_AsTuple(written);
    printf("%d\tPySys_WriteStdout(1499 chars)\t%zd parts:", ++case_no, PyTuple_GET_SIZE(t));
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t); i++) {
        PyObject *s = PyTuple_GET_ITEM(t, i);
        printf(" len=%zd", PyUnicode_GetLength(s));
        if (PyUnicode_GetLength(s) < 40) {
            printf(" %s", PyUnicode_AsUTF8(s));
        }
    }
    printf("\n");
    Py_DECREF(t);
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
    memset(big, 'b', 1000);
    big[1000] = '\0';
    PySys_WriteStdout("%s", big);
    printf("%d\tPySys_WriteStdout(1000 chars)\t%zd parts\n", ++case_no, PyList_GET_SIZE(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);
    big[999] = '\0';
    PySys_WriteStdout("%s", big);
    printf("%d\tPySys_WriteStdout(999 chars)\t%zd parts\n", ++case_no, PyList_GET_SIZE(written));
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);

    PyObject *obj = Py_BuildValue("(is)", 1, "two");
    PyObject *str = PyUnicode_FromString("caf\xc3\xa9");
    PySys_FormatStdout("%R and %U and %S|%d", obj, str, obj, 42);
    show_written("PySys_FormatStdout(%R %U %S %d)");
    big[999] = 'c';
    PySys_FormatStderr("%s", big);
    t = PyList_AsTuple(written);
    printf("%d\tPySys_FormatStderr(1000 chars)\t%zd parts len=%zd\n", ++case_no, PyTuple_GET_SIZE(t),
           PyTuple_GET_SIZE(t) ? PyUnicode_GetLength(PyTuple_GET_ITEM(t, 0)) : -1);
    Py_DECREF(t);
    PyList_SetSlice(written, 0, PyList_GET_SIZE(written), NULL);

    PyErr_SetString(PyExc_KeyError, "kept");
    PySys_WriteStdout("with a pending error|");
    printf("%d\tPySys_WriteStdout keeps the pending error\t%s\n", ++case_no, pending());
    PySys_FormatStdout("%s|", "formatted with a pending error");
    printf("%d\tPySys_FormatStdout keeps the pending error\t%s\n", ++case_no, pending());
    PyErr_Clear();
    show_written("the writer got");

    /* A failing writer: the text goes to C's stdout, and the writer's error
       is dropped. */
    writer_fails = 1;
    fflush(stdout);
    printf("%d\tPySys_WriteStdout(failing writer)\t", ++case_no);
    PySys_WriteStdout("fallback %d", 1);
    printf(" error=%s\n", pending());
    printf("%d\tPySys_FormatStdout(failing writer)\t", ++case_no);
    PySys_FormatStdout("fallback %U", str);
    printf(" error=%s\n", pending());
    writer_fails = 0;

    /* Without sys.stdout: C's stdout. */
    PySys_SetObject("stdout", NULL);
    PySys_SetObject("stderr", NULL);
    printf("%d\tPySys_WriteStdout(no sys.stdout)\t", ++case_no);
    PySys_WriteStdout("plain %s", "stdio");
    printf(" error=%s\n", pending());
    printf("%d\tPySys_FormatStdout(no sys.stdout)\t", ++case_no);
    PySys_FormatStdout("plain %R", obj);
    printf(" error=%s\n", pending());
    /* A non-UTF-8 text cannot be a str: C's stdout too. */
    PySys_SetObject("stdout", writer);
    printf("%d\tPySys_WriteStdout(invalid UTF-8)\t", ++case_no);
    PySys_WriteStdout("bad \xff byte");
    printf(" error=%s written=%zd\n", pending(), PyList_GET_SIZE(written));
    /* sys.stdout = None: None.write fails, so C's stdout. */
    PySys_SetObject("stdout", Py_None);
    printf("%d\tPySys_WriteStdout(sys.stdout is None)\t", ++case_no);
    PySys_WriteStdout("none %d", 3);
    printf(" error=%s\n", pending());
    PySys_SetObject("stdout", NULL);
    fflush(stdout);
    Py_DECREF(obj);
    Py_DECREF(str);
    Py_DECREF(writer);
    Py_DECREF(type);
}

static void audit(void) {
    c_events = PyList_New(0);
    py_events = PyList_New(0);
    /* Whatever hooks CPython itself has (none by default), the "test."
       events reach nobody yet. */
    printf("%d\tPySys_Audit, no hook of ours\t%d error=%s\n", ++case_no, PySys_Audit("test.none", "(ii)", 1, 2), pending());
    printf("%d\tPySys_AddAuditHook(c_hook)\t%d error=%s\n", ++case_no, PySys_AddAuditHook(c_hook, &c_events), pending());
    printf("%d\tPySys_Audit((ii))\t%d\n", ++case_no, PySys_Audit("test.a", "(ii)", 1, 2));
    printf("%d\tPySys_Audit(i)\t%d\n", ++case_no, PySys_Audit("test.b", "i", 5));
    printf("%d\tPySys_Audit(NULL)\t%d\n", ++case_no, PySys_Audit("test.c", NULL));
    printf("%d\tPySys_Audit(\"\")\t%d\n", ++case_no, PySys_Audit("test.d", ""));
    PyObject *tup = Py_BuildValue("(sn)", "x", (Py_ssize_t)9);
    printf("%d\tPySys_Audit(O tuple)\t%d\n", ++case_no, PySys_Audit("test.e", "O", tup));
    printf("%d\tPySys_Audit(sOz)\t%d\n", ++case_no, PySys_Audit("test.f", "sOz", "s", tup, NULL));
    show_events("events so far");
    PyErr_SetString(PyExc_KeyError, "pending");
    int rc = PySys_Audit("test.g", "i", 1);
    printf("%d\tPySys_Audit with a pending error\t%d error=%s\n", ++case_no, rc, pending());
    rc = PySys_Audit("test.fail", "i", 2);
    printf("%d\tPySys_Audit vetoed, with a pending error\t%d error=%s\n", ++case_no, rc, pending());
    show("the veto", NULL);
    rc = PySys_Audit("test.h", "(O)", NULL);
    printf("%d\tPySys_Audit with a failing format\t%d error=%s\n", ++case_no, rc, pending());
    PyErr_Clear();
    show_events("events");

    PyObject *hook = PyCFunction_New(&py_hook_def, NULL);
    show("sys.addaudithook(py_hook)", call_fmt("addaudithook", "(O)", hook));
    printf("%d\tPySys_Audit, both hooks\t%d\n", ++case_no, PySys_Audit("test.both", "(s)", "x"));
    show("sys.audit('test.py', 1, 'a')", call_fmt("audit", "(sis)", "test.py", 1, "a"));
    show("sys.audit('test.fail')", call_fmt("audit", "(s)", "test.fail"));
    show_events("events");
    show("sys.audit()", call_fmt("audit", "()"));
    show("sys.audit(1)", call_fmt("audit", "(i)", 1));
    PyObject *args = Py_BuildValue("(s)", "test.kw");
    PyObject *kw = Py_BuildValue("{si}", "x", 1);
    show("sys.audit('test.kw', x=1)", sys_call("audit", args, kw));
    Py_DECREF(args);
    Py_DECREF(kw);
    show("sys.addaudithook()", call_fmt("addaudithook", "()"));

    /* A RuntimeError veto of sys.addaudithook skips the addition and
       reports success; another error is an error. */
    veto_add_hook = 1;
    rc = PySys_AddAuditHook(late_hook, NULL);
    printf("%d\tPySys_AddAuditHook vetoed by RuntimeError\t%d error=%s\n", ++case_no, rc, pending());
    show("sys.addaudithook vetoed by RuntimeError", call_fmt("addaudithook", "(O)", hook));
    veto_add_hook = 2;
    rc = PySys_AddAuditHook(late_hook, NULL);
    printf("%d\tPySys_AddAuditHook vetoed by KeyError\t%d error=%s\n", ++case_no, rc, pending());
    PyErr_Clear();
    show("sys.addaudithook vetoed by KeyError", call_fmt("addaudithook", "(O)", hook));
    veto_add_hook = 0;
    show_events("events of the vetoes");
    PySys_Audit("test.late", NULL);
    printf("%d\tthe vetoed C hook was not added\t%d calls\n", ++case_no, late_hook_calls);
    show_events("events");
    Py_DECREF(hook);
    Py_DECREF(tup);
}

static void functions(void) {
    PyObject *o = PyUnicode_FromString("a fresh string object");
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *f = PyObject_GetAttrString(sys, "getrefcount");
    PyObject *r = PyObject_CallOneArg(f, o);
    printf("%d\tgetrefcount(o) - Py_REFCNT(o)\t%ld\n", ++case_no, PyLong_AsLong(r) - (long)Py_REFCNT(o));
    Py_XDECREF(r);
    Py_DECREF(f);
    show("getrefcount()", call_fmt("getrefcount", "()"));
    show("getrefcount(1, 2)", call_fmt("getrefcount", "(ii)", 1, 2));

    show("getsizeof()", call_fmt("getsizeof", "()"));
    show("getsizeof(1, 2, 3)", call_fmt("getsizeof", "(iii)", 1, 2, 3));
    show("getsizeof(object())", call_fmt("getsizeof", "(N)", PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)));
    show("getsizeof(None)", call_fmt("getsizeof", "(O)", Py_None));
    show("getsizeof(1.5)", call_fmt("getsizeof", "(d)", 1.5));
    show("getsizeof(True)", call_fmt("getsizeof", "(O)", Py_True));
    PyObject *args = Py_BuildValue("(O)", Py_None);
    PyObject *kw = Py_BuildValue("{si}", "default", 5);
    show("getsizeof(None, default=5)", sys_call("getsizeof", args, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{si}", "x", 5);
    show("getsizeof(None, x=5)", sys_call("getsizeof", args, kw));
    Py_DECREF(kw);
    Py_DECREF(args);
    /* A type's __sizeof__ is an unbound method: calling it fails. */
    show("getsizeof(int type)", call_fmt("getsizeof", "(O)", (PyObject *)&PyLong_Type));

    show("intern(1)", call_fmt("intern", "(i)", 1));
    show("intern()", call_fmt("intern", "()"));
    PyObject *s1 = PyUnicode_FromString("pybuffer_interned_name");
    PyObject *s2 = PyUnicode_FromString("pybuffer_interned_name");
    PyObject *i1 = call_fmt("intern", "(O)", s1);
    PyObject *i2 = call_fmt("intern", "(O)", s2);
    printf("%d\tintern(a) is intern(b)\t%d %d\n", ++case_no, i1 == i2, i1 == s1);
    Py_XDECREF(i1);
    Py_XDECREF(i2);
    Py_DECREF(s1);
    Py_DECREF(s2);

    show("exc_info()", call_fmt("exc_info", "()"));
    show("exception()", call_fmt("exception", "()"));
    show("exc_info(1)", call_fmt("exc_info", "(i)", 1));
    PyObject *e = PyObject_CallFunction(PyExc_ValueError, "s", "handled");
    PyErr_SetHandledException(e);
    show("exc_info() while handling", call_fmt("exc_info", "()"));
    show("exception() while handling", call_fmt("exception", "()"));
    PyErr_SetHandledException(NULL);
    Py_DECREF(e);

    show("getdefaultencoding()", call_fmt("getdefaultencoding", "()"));
    show("getfilesystemencoding()", call_fmt("getfilesystemencoding", "()"));
    show("getfilesystemencodeerrors()", call_fmt("getfilesystemencodeerrors", "()"));
    show("is_finalizing()", call_fmt("is_finalizing", "()"));
    show("getrecursionlimit()", call_fmt("getrecursionlimit", "()"));
    show("setrecursionlimit(0)", call_fmt("setrecursionlimit", "(i)", 0));
    show("setrecursionlimit(-5)", call_fmt("setrecursionlimit", "(i)", -5));
    show("setrecursionlimit(1.5)", call_fmt("setrecursionlimit", "(d)", 1.5));
    show("setrecursionlimit(2**40)", call_fmt("setrecursionlimit", "(L)", 1LL << 40));
    show("setrecursionlimit()", call_fmt("setrecursionlimit", "()"));
    show("setrecursionlimit(50)", call_fmt("setrecursionlimit", "(i)", 50));
    show("getrecursionlimit()", call_fmt("getrecursionlimit", "()"));
    printf("%d\tPy_GetRecursionLimit()\t%d\n", ++case_no, Py_GetRecursionLimit());
    int entered = 0;
    while (entered < 100 && Py_EnterRecursiveCall(" in the test") == 0) {
        entered++;
    }
    printf("%d\tlevels entered at limit 50\t%s\n", ++case_no, entered >= 40 && entered <= 50 ? "40..50" : "other");
    show("the error past the limit", NULL);
    show("setrecursionlimit(5) deep inside", call_fmt("setrecursionlimit", "(i)", 5));
    while (entered-- > 0) {
        Py_LeaveRecursiveCall();
    }
    Py_SetRecursionLimit(2000);
    show("getrecursionlimit() after Py_SetRecursionLimit(2000)", call_fmt("getrecursionlimit", "()"));
    show("setrecursionlimit(1000)", call_fmt("setrecursionlimit", "(i)", 1000));
    Py_DECREF(sys);
    Py_DECREF(o);
}

/* Py_GetArgcArgv, before and after Py_Initialize: an embedding host
   started with Py_Initialize() has no original command line. */
static void argc_argv(const char *when) {
    int argc = -1;
    wchar_t **argv = (wchar_t **)&argc;
    Py_GetArgcArgv(&argc, &argv);
    printf("%d\tPy_GetArgcArgv %s\targc %d, argv %s\n", ++case_no, when, argc, argv ? "non-NULL" : "NULL");
}

/* The LC_CTYPE locale's name, copied (the next setlocale call may
   overwrite the buffer it returns). */
static char *ctype_locale(void) {
    const char *name = setlocale(LC_CTYPE, NULL);
    return strdup(name ? name : "(null)");
}

/* Py_Initialize sets LC_CTYPE from the environment (as setlocale(LC_CTYPE,
   "") does); a program starts in the "C" locale. The environment's locale
   is compared, never printed: it differs between machines. */
static void ctype_after_init(char *before) {
    char *after = ctype_locale();
    setlocale(LC_CTYPE, "");
    char *env = ctype_locale();
    printf("%d\tLC_CTYPE before Py_Initialize\t%s\n", ++case_no, before);
    printf("%d\tLC_CTYPE after Py_Initialize\t%s\n", ++case_no,
           strcmp(after, env) == 0 ? "the environment's" : "not the environment's");
    free(before);
    free(after);
    free(env);
}

int main(void) {
    argc_argv("before Py_Initialize");
    char *before = ctype_locale();
    Py_Initialize();
    ctype_after_init(before);
    argc_argv("after Py_Initialize");
    PyGILState_STATE g = PyGILState_Ensure();
    attributes();
    get_set();
    writers();
    audit();
    functions();
    fflush(stdout);
    PyGILState_Release(g);
    return 0;
}
