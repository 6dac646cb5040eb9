/* Differential cases for file-system paths (Objects/unicodeobject.c,
 * Modules/posixmodule.c's PyOS_FSPath): PyUnicode_DecodeFSDefault(AndSize)
 * and PyUnicode_EncodeFSDefault (UTF-8 with surrogateescape on this
 * platform), PyOS_FSPath of str, bytes, an os.PathLike type made with
 * PyType_FromSpec (whose __fspath__ returns str, bytes or something else)
 * and of other objects, and the O& converters PyUnicode_FSConverter /
 * PyUnicode_FSDecoder through PyArg_ParseTuple (embedded NULs, cleanup).
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

#include "case.h"

/* A PathLike whose __fspath__ returns its `ret` (set per case). */
static PyObject *ret;
static PyObject *pl_fspath(PyObject *self, PyObject *unused) {
    (void)self, (void)unused;
    return Py_NewRef(ret);
}
static PyMethodDef pl_methods[] = {{"__fspath__", pl_fspath, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot pl_slots[] = {{Py_tp_methods, pl_methods}, {0, NULL}};
static PyType_Spec pl_spec = {"mod.PathLike", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, pl_slots};

static void convert(const char *what, PyObject *arg, int decoder) {
    PyObject *args = PyTuple_Pack(1, arg), *out = NULL;
    int ok = decoder ? PyArg_ParseTuple(args, "O&", PyUnicode_FSDecoder, &out)
                     : PyArg_ParseTuple(args, "O&", PyUnicode_FSConverter, &out);
    Py_DECREF(args);
    show(what, ok ? out : NULL);
}

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    show("DecodeFSDefault(\"abc\")", PyUnicode_DecodeFSDefault("abc"));
    show("DecodeFSDefault(\"caf\\xc3\\xa9\")", PyUnicode_DecodeFSDefault("caf\xc3\xa9"));
    show("DecodeFSDefault(\"a\\xff\\xfeb\")", PyUnicode_DecodeFSDefault("a\xff\xfe" "b"));
    show("DecodeFSDefaultAndSize(\"a\\0b\", 3)", PyUnicode_DecodeFSDefaultAndSize("a\0b", 3));
    show("DecodeFSDefaultAndSize(\"\", 0)", PyUnicode_DecodeFSDefaultAndSize("", 0));
    PyObject *esc = PyUnicode_DecodeFSDefault("x\xff\x80y");
    show("EncodeFSDefault(decode(\"x\\xff\\x80y\"))", PyUnicode_EncodeFSDefault(esc));
    Py_DECREF(esc);
    show("EncodeFSDefault('\\u20ac')", PyUnicode_EncodeFSDefault(PyUnicode_FromString("\xe2\x82\xac")));
    PyObject *lone = PyUnicode_FromOrdinal(0xd800);
    show("EncodeFSDefault('\\ud800')", PyUnicode_EncodeFSDefault(lone));
    show("EncodeFSDefault(b'x') (not a str)", PyUnicode_EncodeFSDefault(PyBytes_FromString("x")));

    PyObject *pl_type = PyType_FromSpec(&pl_spec);
    PyObject *pl = PyObject_CallNoArgs(pl_type);
    PyObject *s = PyUnicode_FromString("/tmp/a"), *b = PyBytes_FromString("/tmp/b");
    show("PyOS_FSPath('/tmp/a')", PyOS_FSPath(s));
    show("PyOS_FSPath(b'/tmp/b')", PyOS_FSPath(b));
    ret = s;
    show("PyOS_FSPath(PathLike -> str)", PyOS_FSPath(pl));
    ret = b;
    show("PyOS_FSPath(PathLike -> bytes)", PyOS_FSPath(pl));
    ret = Py_None;
    show("PyOS_FSPath(PathLike -> None)", PyOS_FSPath(pl));
    PyObject *n = PyLong_FromLong(3);
    show("PyOS_FSPath(3)", PyOS_FSPath(n));
    show("PyOS_FSPath(bytearray)", PyOS_FSPath(PyByteArray_FromStringAndSize("x", 1)));

    convert("FSConverter('/tmp/a')", s, 0);
    convert("FSConverter(b'/tmp/b')", b, 0);
    ret = s;
    convert("FSConverter(PathLike -> str)", pl, 0);
    convert("FSConverter(3)", n, 0);
    PyObject *nul = PyUnicode_FromStringAndSize("a\0b", 3), *bnul = PyBytes_FromStringAndSize("a\0b", 3);
    convert("FSConverter('a\\0b')", nul, 0);
    convert("FSConverter(b'a\\0b')", bnul, 0);
    convert("FSConverter('\\ud800')", lone, 0);
    convert("FSDecoder('/tmp/a')", s, 1);
    convert("FSDecoder(b'/tmp/b')", b, 1);
    PyObject *bad = PyBytes_FromString("q\xff");
    convert("FSDecoder(b'q\\xff')", bad, 1);
    ret = b;
    convert("FSDecoder(PathLike -> bytes)", pl, 1);
    convert("FSDecoder(3)", n, 1);
    convert("FSDecoder('a\\0b')", nul, 1);
    convert("FSDecoder(b'a\\0b')", bnul, 1);
    /* The cleanup call: NULL releases what the converter made. */
    PyObject *made = NULL;
    int r = PyUnicode_FSConverter(s, &made);
    printf("%d\tFSConverter returns Py_CLEANUP_SUPPORTED\t%d\n", ++case_no, r == Py_CLEANUP_SUPPORTED);
    r = PyUnicode_FSConverter(NULL, &made);
    printf("%d\tFSConverter(NULL, &made) cleans up\t%d %d\n", ++case_no, r, made == NULL);

    Py_DECREF(bad);
    Py_DECREF(nul);
    Py_DECREF(bnul);
    Py_DECREF(n);
    Py_DECREF(s);
    Py_DECREF(b);
    Py_DECREF(lone);
    Py_DECREF(pl);
    Py_DECREF(pl_type);
    PyGILState_Release(g);
    return 0;
}
