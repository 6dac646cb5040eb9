/*
 * sysmodule.c -- the variadic half of sysmodule.rs: PySys_WriteStdout,
 * PySys_WriteStderr, PySys_FormatStdout, PySys_FormatStderr and
 * PySys_Audit, which stable Rust cannot define.
 *
 * The writers keep any pending exception: it is fetched first and restored
 * last, and an error raised while writing is dropped. Text goes to
 * sys.stdout / sys.stderr when C code has installed one (PySys_SetObject),
 * else, or when its write() fails, to C's stdout / stderr.
 */
#include <stdio.h>
#include <string.h>
#include "Python.h"

/* sysmodule.rs: 0 when sys.<stream>.write(text) succeeded, else -1. */
int _Pyb_sys_write_str(const char *stream, PyObject *text);
/* sysmodule.rs: whether any audit hook is installed. */
int _Pyb_sys_auditing(void);
/* sysmodule.rs: runs the hooks on (event, args); 0 or -1 with the error. */
int _Pyb_sys_run_audit_hooks(const char *event, PyObject *args);

/* PySys_WriteStdout's limit: longer output is cut at 1000 bytes and
   followed by "... truncated", as in CPython. */
#define WRITE_LIMIT 1000

/* Writes the UTF-8 `text` to sys.<stream>, else to `fallback`. */
static void write_text(const char *stream, FILE *fallback, const char *text) {
    /* Text that is not UTF-8 goes to C stdio, as in CPython. */
    PyObject *str = PyUnicode_FromString(text);
    if (str == NULL || _Pyb_sys_write_str(stream, str) != 0) {
        PyErr_Clear();
        fputs(text, fallback);
    }
    Py_XDECREF(str);
}

static void write_formatted(const char *stream, FILE *fallback, const char *format, va_list va) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    char buffer[WRITE_LIMIT + 1];
    int written = PyOS_vsnprintf(buffer, sizeof buffer, format, va);
    write_text(stream, fallback, buffer);
    if (written < 0 || (size_t)written > WRITE_LIMIT) {
        write_text(stream, fallback, "... truncated");
    }
    PyErr_Restore(type, value, tb);
}

void PySys_WriteStdout(const char *format, ...) {
    va_list va;
    va_start(va, format);
    write_formatted("stdout", stdout, format, va);
    va_end(va);
}

void PySys_WriteStderr(const char *format, ...) {
    va_list va;
    va_start(va, format);
    write_formatted("stderr", stderr, format, va);
    va_end(va);
}

/* PySys_Format*: the message is PyUnicode_FromFormatV's, of any length. */
static void format_message(const char *stream, FILE *fallback, const char *format, va_list va) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *message = PyUnicode_FromFormatV(format, va);
    if (message != NULL) {
        if (_Pyb_sys_write_str(stream, message) != 0) {
            PyErr_Clear();
            const char *utf8 = PyUnicode_AsUTF8(message);
            if (utf8 != NULL) {
                fputs(utf8, fallback);
            }
        }
        Py_DECREF(message);
    }
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
}

void PySys_FormatStdout(const char *format, ...) {
    va_list va;
    va_start(va, format);
    format_message("stdout", stdout, format, va);
    va_end(va);
}

void PySys_FormatStderr(const char *format, ...) {
    va_list va;
    va_start(va, format);
    format_message("stderr", stderr, format, va);
    va_end(va);
}

/* PySys_Audit(event, format, ...): with no hook installed, 0 at once (the
   arguments are not even built). Else the arguments are built as
   Py_BuildValue builds them (a non-tuple result becomes a 1-tuple; no
   format, or an empty one, is the empty tuple) and every hook sees them.
   On success a pending exception is kept; on failure the hook's error
   replaces it. */
int PySys_Audit(const char *event, const char *format, ...) {
    if (!_Pyb_sys_auditing()) {
        return 0;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *args;
    if (format != NULL && format[0] != '\0') {
        va_list va;
        va_start(va, format);
        args = _Py_VaBuildValue_SizeT(format, va);
        va_end(va);
        if (args != NULL && !PyTuple_Check(args)) {
            PyObject *one = PyTuple_Pack(1, args);
            Py_DECREF(args);
            args = one;
        }
    } else {
        args = PyTuple_New(0);
    }
    int res = args == NULL ? -1 : _Pyb_sys_run_audit_hooks(event, args);
    Py_XDECREF(args);
    if (res < 0) {
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return -1;
    }
    PyErr_Restore(type, value, tb);
    return 0;
}
