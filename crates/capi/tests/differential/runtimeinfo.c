/* Differential cases for what the runtime reports about itself:
 * PyHash_GetFuncDef (the string hash: its name and sizes, and that its
 * function gives hash(bytes)), PyFloat_GetInfo, PyLong_GetInfo and
 * PyThread_GetInfo (their values, and that sys.float_info, sys.int_info
 * and sys.thread_info are of the types they return, one type each);
 * PyType_SUPPORTS_WEAKREFS and PyObject_GET_WEAKREFS_LISTPTR,
 * PyThreadState_EnterTracing / LeaveTracing, Py_UniversalNewlineFgets over
 * every line ending, PyImport_GetMagicNumber / GetMagicTag, and
 * Py_GetPlatform, Py_GetCopyright, Py_GetBuildInfo and Py_GetCompiler
 * against sys.platform, sys.copyright and Py_GetVersion.
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

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *text(const char *s)
{
    return s ? PyUnicode_FromString(s) : NULL;
}

/* Whether hash(bytes(s[:n])) is what the FuncDef's function gives for the
   same bytes (hash() maps -1 to -2 and the empty input to 0; neither
   happens for these inputs). */
static PyObject *hash_agrees(PyHash_FuncDef *def, const char *s, Py_ssize_t n)
{
    PyObject *b = PyBytes_FromStringAndSize(s, n);
    if (b == NULL)
        return NULL;
    Py_hash_t h = PyObject_Hash(b);
    Py_DECREF(b);
    if (h == -1)
        return NULL;
    return PyBool_FromLong(def->hash(s, n) == h);
}

/* The same for a str whose code units are these bytes (1-byte kind). */
static PyObject *str_hash_agrees(PyHash_FuncDef *def, const char *s)
{
    PyObject *u = PyUnicode_FromString(s);
    if (u == NULL)
        return NULL;
    Py_hash_t h = PyObject_Hash(u);
    Py_DECREF(u);
    if (h == -1)
        return NULL;
    return PyBool_FromLong(def->hash(s, (Py_ssize_t)strlen(s)) == h);
}

/* One info object: its type name, its repr, whether its type is that of
   sys.<attr>, whether a second call gives the same type, and the type's
   documentation. */
static void info(const char *label, PyObject *(*get)(void), const char *attr, int show_repr)
{
    char what[120];
    PyObject *a = get(), *b = get();
    snprintf(what, sizeof what, "%s() type", label);
    show(what, a ? text(Py_TYPE(a)->tp_name) : NULL);
    if (show_repr) {
        snprintf(what, sizeof what, "%s()", label);
        show(what, a ? PyObject_Repr(a) : NULL);
    }
    snprintf(what, sizeof what, "%s() is a tuple subclass", label);
    show(what, a ? PyBool_FromLong(PyTuple_Check(a) && !PyTuple_CheckExact(a)) : NULL);
    snprintf(what, sizeof what, "%s() twice: same type", label);
    show(what, a && b ? PyBool_FromLong(Py_TYPE(a) == Py_TYPE(b)) : NULL);
    snprintf(what, sizeof what, "%s() twice: new objects", label);
    show(what, a && b ? PyBool_FromLong(a != b) : NULL);
    PyObject *s = PySys_GetObject(attr);
    snprintf(what, sizeof what, "type(sys.%s) is type(%s())", attr, label);
    show(what, a && s ? PyBool_FromLong(Py_TYPE(s) == Py_TYPE(a)) : NULL);
    snprintf(what, sizeof what, "sys.%s == %s()", attr, label);
    show(what, a && s ? PyObject_RichCompare(s, a, Py_EQ) : NULL);
    snprintf(what, sizeof what, "type(%s()).__doc__", label);
    show(what, a ? PyObject_GetAttrString((PyObject *)Py_TYPE(a), "__doc__") : NULL);
    snprintf(what, sizeof what, "type(%s())()", label);
    show(what, a ? PyObject_CallNoArgs((PyObject *)Py_TYPE(a)) : NULL);
    snprintf(what, sizeof what, "type(%s())(%s())", label, label);
    show(what, a ? PyObject_CallOneArg((PyObject *)Py_TYPE(a), a) : NULL);
    snprintf(what, sizeof what, "type(%s()).n_fields", label);
    show(what, a ? PyObject_GetAttrString((PyObject *)Py_TYPE(a), "n_fields") : NULL);
    if (a) {
        PyObject *names = PyObject_GetAttrString(a, "__match_args__");
        snprintf(what, sizeof what, "%s().__match_args__", label);
        show(what, names ? Py_NewRef(names) : NULL);
        for (Py_ssize_t i = 0; names && i < PyTuple_GET_SIZE(names); i++) {
            PyObject *name = PyTuple_GET_ITEM(names, i);
            PyObject *d = PyObject_GetAttr((PyObject *)Py_TYPE(a), name);
            snprintf(what, sizeof what, "type(%s()).%s.__doc__", label, PyUnicode_AsUTF8(name));
            show(what, d ? PyObject_GetAttrString(d, "__doc__") : NULL);
            Py_XDECREF(d);
        }
        Py_XDECREF(names);
        snprintf(what, sizeof what, "%s()[0] = 1", label);
        PyObject *one = PyLong_FromLong(1);
        PyObject *zero = PyLong_FromLong(0);
        int r = PyObject_SetItem(a, zero, one);
        show(what, r < 0 ? NULL : PyLong_FromLong(r));
        Py_DECREF(one);
        Py_DECREF(zero);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
}

/* Reads `data` back through Py_UniversalNewlineFgets with buffers of `n`
   bytes: the list of lines (bytes), ending with None for the NULL. */
static PyObject *fgets_lines(const char *data, size_t len, int n)
{
    FILE *f = tmpfile();
    if (f == NULL)
        return PyErr_SetFromErrno(PyExc_OSError);
    fwrite(data, 1, len, f);
    rewind(f);
    PyObject *list = PyList_New(0);
    char buf[64];
    for (int i = 0; i < 20 && list; i++) {
        char *r = Py_UniversalNewlineFgets(buf, n, f, NULL);
        PyObject *item = r ? PyBytes_FromString(r) : Py_NewRef(Py_None);
        PyList_Append(list, item);
        Py_DECREF(item);
        if (r == NULL)
            break;
    }
    fclose(f);
    return list;
}

int main(void)
{
    Py_Initialize();

    /* PyHash_GetFuncDef. */
    PyHash_FuncDef *def = PyHash_GetFuncDef();
    show("PyHash_GetFuncDef() is not NULL", PyBool_FromLong(def != NULL));
    show("PyHash_GetFuncDef() twice: same", PyBool_FromLong(def == PyHash_GetFuncDef()));
    show("name", text(def->name));
    show("hash_bits", PyLong_FromLong(def->hash_bits));
    show("seed_bits", PyLong_FromLong(def->seed_bits));
    show("sys.hash_info.algorithm == name", PyBool_FromLong(
        PyUnicode_CompareWithASCIIString(
            PyStructSequence_GetItem(PySys_GetObject("hash_info"), 5), def->name) == 0));
    const char *inputs[] = {"a", "abc", "abcdefg", "abcdefgh", "abcdefghi",
                            "The quick brown fox jumps over the lazy dog", "\x01\x02\x03"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char what[120];
        snprintf(what, sizeof what, "hash(b'%.20s') == def->hash", inputs[i]);
        show(what, hash_agrees(def, inputs[i], (Py_ssize_t)strlen(inputs[i])));
        snprintf(what, sizeof what, "hash('%.20s') == def->hash", inputs[i]);
        show(what, str_hash_agrees(def, inputs[i]));
    }
    show("hash of bytes with a NUL", hash_agrees(def, "a\0b", 3));
    show("_Py_HashBytes agrees", PyBool_FromLong(_Py_HashBytes("xyz", 3) == def->hash("xyz", 3)));

    /* The infos. */
    info("PyFloat_GetInfo", PyFloat_GetInfo, "float_info", 1);
    info("PyLong_GetInfo", PyLong_GetInfo, "int_info", 1);
    info("PyThread_GetInfo", PyThread_GetInfo, "thread_info", 1);
    {
        PyObject *t = PyThread_GetInfo();
        show("thread_info.name", t ? PyObject_GetAttrString(t, "name") : NULL);
        show("thread_info.lock", t ? PyObject_GetAttrString(t, "lock") : NULL);
        PyObject *v = t ? PyObject_GetAttrString(t, "version") : NULL;
        show("thread_info.version is str or None",
             v ? PyBool_FromLong(PyUnicode_Check(v) || v == Py_None) : NULL);
        Py_XDECREF(v);
        Py_XDECREF(t);
        PyObject *f = PyFloat_GetInfo();
        PyObject *max = f ? PyObject_GetAttrString(f, "max") : NULL;
        show("float_info.max == PyFloat_GetMax()",
             max ? PyBool_FromLong(PyFloat_AsDouble(max) == PyFloat_GetMax()) : NULL);
        Py_XDECREF(max);
        PyObject *min = f ? PyObject_GetAttrString(f, "min") : NULL;
        show("float_info.min == PyFloat_GetMin()",
             min ? PyBool_FromLong(PyFloat_AsDouble(min) == PyFloat_GetMin()) : NULL);
        Py_XDECREF(min);
        Py_XDECREF(f);
    }

    /* Weak references. */
    {
        PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){}", "C");
        PyObject *slotted = Py_BuildValue("{s:()}", "__slots__");
        PyObject *cls2 = PyObject_CallFunction((PyObject *)&PyType_Type, "s()O", "S", slotted);
        struct { const char *name; PyTypeObject *tp; } types[] = {
            {"int", &PyLong_Type}, {"tuple", &PyTuple_Type}, {"object", &PyBaseObject_Type},
            {"set", &PySet_Type}, {"type", &PyType_Type}, {"PickleBuffer", &PyPickleBuffer_Type},
            {"memoryview", &PyMemoryView_Type}, {"class C", (PyTypeObject *)cls},
            {"class S with __slots__ = ()", (PyTypeObject *)cls2},
        };
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
            char what[120];
            snprintf(what, sizeof what, "PyType_SUPPORTS_WEAKREFS(%s)", types[i].name);
            show(what, types[i].tp ? PyLong_FromLong(PyType_SUPPORTS_WEAKREFS(types[i].tp)) : NULL);
        }
        PyObject *o = PyObject_CallNoArgs(cls);
        PyObject **list = o ? PyObject_GET_WEAKREFS_LISTPTR(o) : NULL;
        show("GET_WEAKREFS_LISTPTR: inside the object",
             list ? PyBool_FromLong((char *)list == (char *)o + Py_TYPE(o)->tp_weaklistoffset) : NULL);
        show("no weak reference yet: *listptr is NULL", list ? PyBool_FromLong(*list == NULL) : NULL);
        PyObject *r = o ? PyWeakref_NewRef(o, NULL) : NULL;
        show("after PyWeakref_NewRef: *listptr is the reference", r ? PyBool_FromLong(*list == r) : NULL);
        Py_XDECREF(r);
        show("after its release: *listptr is NULL again", list ? PyBool_FromLong(*list == NULL) : NULL);
        PyObject *s2 = PySet_New(NULL);
        PyObject **sl = PyObject_GET_WEAKREFS_LISTPTR(s2);
        PyObject *r2 = PyWeakref_NewRef(s2, NULL);
        show("a set's list head is its reference", PyBool_FromLong(*sl == r2));
        Py_XDECREF(r2);
        Py_XDECREF(s2);
        Py_XDECREF(o);
        Py_XDECREF(cls);
        Py_XDECREF(cls2);
        Py_XDECREF(slotted);
    }

    /* Tracing. */
    {
        PyThreadState *ts = PyThreadState_Get();
        PyThreadState_EnterTracing(ts);
        PyThreadState_EnterTracing(ts);
        PyThreadState_LeaveTracing(ts);
        PyThreadState_LeaveTracing(ts);
        PyObject *two = PyLong_FromLong(2), *three = PyLong_FromLong(3);
        show("EnterTracing x2, LeaveTracing x2, then code runs", PyNumber_Add(two, three));
        Py_DECREF(two);
        Py_DECREF(three);
    }

    /* Py_UniversalNewlineFgets. */
    {
        static const char data[] = "lf\ncrlf\r\ncr\rcr-then-lf\r\r\nlast";
        show("fgets: every line ending", fgets_lines(data, sizeof data - 1, 64));
        show("fgets: 4-byte buffer", fgets_lines(data, sizeof data - 1, 4));
        show("fgets: 2-byte buffer, CR LF", fgets_lines("a\r\nb", 4, 2));
        show("fgets: ends with CR", fgets_lines("x\r", 2, 64));
        show("fgets: ends with CR LF", fgets_lines("x\r\n", 3, 64));
        show("fgets: empty file", fgets_lines("", 0, 64));
        show("fgets: 1-byte buffer", fgets_lines("abc", 3, 1));
        show("fgets: a NUL inside", fgets_lines("a\0b\n", 4, 64));
        FILE *f = tmpfile();
        char buf[8] = "unset";
        errno = 0;
        char *r = Py_UniversalNewlineFgets(buf, 8, f, Py_None);
        show("fgets with a file object: NULL, errno ENXIO",
             PyBool_FromLong(r == NULL && errno == ENXIO));
        fclose(f);
    }

    /* Import magic. */
    show("PyImport_GetMagicNumber()", PyLong_FromLong(PyImport_GetMagicNumber()));
    show("PyImport_GetMagicNumber() & 0xffff", PyLong_FromLong(PyImport_GetMagicNumber() & 0xffff));
    show("PyImport_GetMagicTag()", text(PyImport_GetMagicTag()));

    /* Platform and version strings. */
    show("Py_GetPlatform()", text(Py_GetPlatform()));
    show("Py_GetPlatform() == sys.platform",
         PyBool_FromLong(PyUnicode_CompareWithASCIIString(PySys_GetObject("platform"), Py_GetPlatform()) == 0));
    show("Py_GetCopyright() == sys.copyright",
         PyBool_FromLong(PyUnicode_CompareWithASCIIString(PySys_GetObject("copyright"), Py_GetCopyright()) == 0));
    show("Py_GetCopyright() starts", PyUnicode_FromStringAndSize(Py_GetCopyright(), 53));
    {
        char expect[300];
        snprintf(expect, sizeof expect, "(%s)", Py_GetBuildInfo());
        show("Py_GetVersion() has (Py_GetBuildInfo())", PyBool_FromLong(strstr(Py_GetVersion(), expect) != NULL));
        snprintf(expect, sizeof expect, "%.6s (%s)", Py_GetVersion(), Py_GetBuildInfo());
        show("Py_GetVersion() starts with the version, then it",
             PyBool_FromLong(strncmp(Py_GetVersion(), expect, strlen(expect)) == 0));
        PyObject *v = PySys_GetObject("version");
        show("sys.version == Py_GetVersion()", PyBool_FromLong(PyUnicode_CompareWithASCIIString(v, Py_GetVersion()) == 0));
        const char *c = Py_GetCompiler();
        show("Py_GetCompiler() is bracketed", PyBool_FromLong(c[0] == '[' && c[strlen(c) - 1] == ']'));
    }

    Py_Finalize();
    return 0;
}
