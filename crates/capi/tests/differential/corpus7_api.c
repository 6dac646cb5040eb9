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
 * - __getnewargs__ of str (each kind, empty, a subclass), bytes, int
 *   (small, big, negative, bool), float, complex and tuple (exact and a
 *   subclass), and what object.__reduce_ex__(2) builds from it (zope.proxy
 *   pickles through it);
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

/* x.__getnewargs__(), whether its item is x (not asked of the empty
   string, which CPython caches and pybuffer does not), and
   x.__reduce_ex__(2)[1:]. */
static void newargs(const char *what, PyObject *x)
{
    int cached = strcmp(what, "''") == 0 || strcmp(what, "True") == 0;
    char label[160];
    PyObject *na = PyObject_CallMethod(x, "__getnewargs__", NULL);
    snprintf(label, sizeof label, "%s.__getnewargs__()", what);
    show(label, na ? Py_NewRef(na) : NULL);
    if (!cached && na != NULL && PyTuple_Check(na) && PyTuple_GET_SIZE(na) == 1) {
        snprintf(label, sizeof label, "%s.__getnewargs__()[0] is x, type", what);
        PyObject *item = PyTuple_GET_ITEM(na, 0);
        show(label, Py_BuildValue("(Os)", item == x ? Py_True : Py_False, Py_TYPE(item)->tp_name));
    }
    Py_XDECREF(na);
    PyObject *r = PyObject_CallMethod(x, "__reduce_ex__", "i", 2);
    snprintf(label, sizeof label, "%s.__reduce_ex__(2)[1:]", what);
    show(label, r ? PySequence_GetSlice(r, 1, 5) : NULL);
    Py_XDECREF(r);
    Py_DECREF(x);
}

static PyObject *subclass_instance(PyObject *base, PyObject *arg)
{
    PyObject *bases = PyTuple_Pack(1, base), *ns = PyDict_New();
    PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "Sub", bases, ns);
    PyObject *inst = sub ? PyObject_CallOneArg(sub, arg) : NULL;
    Py_XDECREF(sub);
    Py_DECREF(bases);
    Py_DECREF(ns);
    Py_DECREF(arg);
    return inst;
}

static void getnewargs_cases(void)
{
    newargs("'spam'", PyUnicode_FromString("spam"));
    newargs("''", PyUnicode_FromString(""));
    newargs("'x'", PyUnicode_FromString("x"));
    newargs("'\\xe9t\\xe9'", PyUnicode_FromString("\xc3\xa9t\xc3\xa9"));
    newargs("'\\u65e5\\u672c'", PyUnicode_FromString("\xe6\x97\xa5\xe6\x9c\xac"));
    newargs("'\\U0001f600'", PyUnicode_FromString("\xf0\x9f\x98\x80"));
    newargs("Sub(str)('abc')", subclass_instance((PyObject *)&PyUnicode_Type, PyUnicode_FromString("abc")));
    newargs("b'spam'", PyBytes_FromString("spam"));
    newargs("b''", PyBytes_FromString(""));
    newargs("Sub(bytes)(b'ab')", subclass_instance((PyObject *)&PyBytes_Type, PyBytes_FromString("ab")));
    newargs("7", PyLong_FromLong(7));
    newargs("-2**70", PyLong_FromString("-1180591620717411303424", NULL, 10));
    newargs("True", Py_NewRef(Py_True));
    newargs("Sub(int)(5)", subclass_instance((PyObject *)&PyLong_Type, PyLong_FromLong(5)));
    newargs("1.5", PyFloat_FromDouble(1.5));
    newargs("-0.0", PyFloat_FromDouble(-0.0));
    newargs("Sub(float)(2.5)", subclass_instance((PyObject *)&PyFloat_Type, PyFloat_FromDouble(2.5)));
    newargs("(1+2j)", PyComplex_FromDoubles(1.0, 2.0));
    newargs("(1, 'a')", Py_BuildValue("(is)", 1, "a"));
    newargs("()", PyTuple_New(0));
    newargs("Sub(tuple)((1, 2))", subclass_instance((PyObject *)&PyTuple_Type, Py_BuildValue("(ii)", 1, 2)));
    show("bytearray has no __getnewargs__",
         PyBool_FromLong(!PyObject_HasAttrString((PyObject *)&PyByteArray_Type, "__getnewargs__")));
    show("list has no __getnewargs__", PyBool_FromLong(!PyObject_HasAttrString((PyObject *)&PyList_Type, "__getnewargs__")));
    PyObject *s = PyUnicode_FromString("ab");
    show("str.__getnewargs__('ab', 1)", PyObject_CallMethod(s, "__getnewargs__", "i", 1));
    Py_DECREF(s);
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
    getnewargs_cases();
    pyconfig_cases();
    return 0;
}
