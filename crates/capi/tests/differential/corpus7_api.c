/* Differential cases for the API the corpus7 members (scripts/corpus.py:
 * whirlpool among them) added:
 *
 * - Py_hexdigits (Python/codecs.c): the digit string itself, its length,
 *   each digit, and a digest hex-formatted through it the way hashing
 *   extensions do (high nibble, then low), compared with bytes.hex();
 * - PyFunction_Type (Objects/funcobject.c; wrapt and ExtensionClass test
 *   what they wrap with it): its name, size, module and MRO,
 *   PyFunction_Check and isinstance() over objects C can make (none is a
 *   function), types.FunctionType / LambdaType, and subclassing refused;
 * - pyconfig.h's SIZEOF_PID_T, SIZEOF_OFF_T and SIZEOF__BOOL (psutil picks
 *   its pid format from the first), against the types' real sizes.
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
#include <sys/types.h>

#include "case.h"

/* Hex-formats `n` bytes with Py_hexdigits into a new str. */
static PyObject *hex_of(const unsigned char *data, size_t n)
{
    char buf[2 * 256 + 1];
    if (n > 256)
        n = 256;
    for (size_t i = 0; i < n; i++) {
        buf[2 * i] = Py_hexdigits[(data[i] >> 4) & 0xf];
        buf[2 * i + 1] = Py_hexdigits[data[i] & 0xf];
    }
    return PyUnicode_FromStringAndSize(buf, (Py_ssize_t)(2 * n));
}

static void hexdigits_cases(void)
{
    show("Py_hexdigits", PyUnicode_FromString(Py_hexdigits));
    show("strlen(Py_hexdigits)", PyLong_FromSize_t(strlen(Py_hexdigits)));
    for (int i = 0; i < 16; i += 5) {
        char what[48];
        snprintf(what, sizeof what, "Py_hexdigits[%d]", i);
        show(what, PyUnicode_FromStringAndSize(Py_hexdigits + i, 1));
    }
    show("Py_hexdigits[15]", PyUnicode_FromStringAndSize(Py_hexdigits + 15, 1));

    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    PyObject *mine = hex_of(all, 256);
    PyObject *bytes = PyBytes_FromStringAndSize((const char *)all, 256);
    PyObject *theirs = PyObject_CallMethod(bytes, "hex", NULL);
    show("hex of bytes(range(256)) through Py_hexdigits == bytes.hex()",
         PyBool_FromLong(mine && theirs && PyUnicode_Compare(mine, theirs) == 0));
    show("its first 32 digits", PyUnicode_Substring(mine, 0, 32));
    show("its last 32 digits", PyUnicode_Substring(mine, 480, 512));
    Py_XDECREF(theirs);
    Py_XDECREF(bytes);
    Py_XDECREF(mine);

    static const unsigned char digest[] = {0x19, 0xfa, 0x61, 0xd7, 0x55, 0x22, 0xa4, 0x66, 0x9b, 0x44, 0xe3, 0x9c};
    show("a digest through Py_hexdigits", hex_of(digest, sizeof digest));
    show("no bytes through Py_hexdigits", hex_of(digest, 0));
}

static void function_cases(void)
{
    PyObject *ft = (PyObject *)&PyFunction_Type;
    show("PyFunction_Type.tp_name", PyUnicode_FromString(PyFunction_Type.tp_name));
    show("repr(function)", PyObject_Repr(ft));
    show("tp_basicsize == sizeof(PyFunctionObject)",
         PyBool_FromLong(PyFunction_Type.tp_basicsize == (Py_ssize_t)sizeof(PyFunctionObject)));
    show("function.__module__", PyObject_GetAttrString(ft, "__module__"));
    show("function.__mro__", PyObject_GetAttrString(ft, "__mro__"));
    show("function.__name__", PyObject_GetAttrString(ft, "__name__"));

    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *len = builtins ? PyObject_GetAttrString(builtins, "len") : NULL;
    PyObject *objs[] = {PyLong_FromLong(1), PyUnicode_FromString("f"), Py_NewRef(len), Py_NewRef(ft),
                        PyStaticMethod_New(len), PyClassMethod_New(len), (PyObject *)PyCode_NewEmpty("f.py", "f", 1)};
    const char *names[] = {"1", "'f'", "len", "function", "staticmethod(len)", "classmethod(len)", "a code object"};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
        char what[96];
        snprintf(what, sizeof what, "PyFunction_Check(%s)", names[i]);
        show(what, PyBool_FromLong(objs[i] != NULL && PyFunction_Check(objs[i])));
        snprintf(what, sizeof what, "isinstance(%s, function)", names[i]);
        int r = objs[i] ? PyObject_IsInstance(objs[i], ft) : -1;
        show(what, r < 0 ? NULL : PyBool_FromLong(r));
        Py_XDECREF(objs[i]);
    }
    show("issubclass(function, object)", PyBool_FromLong(PyObject_IsSubclass(ft, (PyObject *)&PyBaseObject_Type)));

    PyObject *types = PyImport_ImportModule("types");
    PyObject *f = types ? PyObject_GetAttrString(types, "FunctionType") : NULL;
    PyObject *l = types ? PyObject_GetAttrString(types, "LambdaType") : NULL;
    show("types.FunctionType is PyFunction_Type", PyBool_FromLong(f == ft));
    show("types.LambdaType is PyFunction_Type", PyBool_FromLong(l == ft));
    Py_XDECREF(f);
    Py_XDECREF(l);
    Py_XDECREF(types);

    PyObject *bases = PyTuple_Pack(1, ft);
    PyObject *ns = PyDict_New();
    show("type('F', (function,), {})", PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "F", bases, ns));
    Py_DECREF(ns);
    Py_DECREF(bases);
    Py_XDECREF(len);
    Py_XDECREF(builtins);
}

static void show_size(const char *what, long macro, size_t real)
{
    show(what, Py_BuildValue("(lO)", macro, macro == (long)real ? Py_True : Py_False));
}

static void pyconfig_cases(void)
{
#if defined(SIZEOF_PID_T) && defined(SIZEOF_OFF_T) && defined(SIZEOF__BOOL)
    show_size("SIZEOF_PID_T, == sizeof(pid_t)", SIZEOF_PID_T, sizeof(pid_t));
    show_size("SIZEOF_OFF_T, == sizeof(off_t)", SIZEOF_OFF_T, sizeof(off_t));
    show_size("SIZEOF__BOOL, == sizeof(_Bool)", SIZEOF__BOOL, sizeof(_Bool));
#else
    show("SIZEOF_PID_T, SIZEOF_OFF_T, SIZEOF__BOOL", PyUnicode_FromString("not all defined"));
#endif
#if SIZEOF_PID_T == SIZEOF_INT
    show("SIZEOF_PID_T == SIZEOF_INT", Py_NewRef(Py_True));
#else
    show("SIZEOF_PID_T == SIZEOF_INT", Py_NewRef(Py_False));
#endif
}

int main(void)
{
    Py_Initialize();
    hexdigits_cases();
    function_cases();
    pyconfig_cases();
    return 0;
}
