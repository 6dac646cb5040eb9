/* Differential cases for the API the real-extension corpus added
 * (scripts/corpus.py: ujson, inflate64, zopfli, ...): importing loaded
 * modules (Python/import.c over sys.modules), the surrogatepass error
 * handler (Python/codecs.c), str()'s constructor and
 * PyUnicode_FromEncodedObject (Objects/unicodeobject.c), repr(complex)
 * (Objects/complexobject.c), the raw allocator and typed PyMem macros
 * (Objects/obmalloc.c, pymem.h), pymath.h's constants, and what
 * pythoncapi_compat.h (vendored by many extensions) needs of 3.11: the
 * _PyUnicodeWriter, Ellipsis, frames (none), the clocks, PyConfig's layout.
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line. Imports use only
 * names that behave the same in both: modules added with
 * PyImport_AddModule, and names no interpreter has.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refcase.h"

/* ------------------------------------------------------------------ */
/*                            Importing                               */
/* ------------------------------------------------------------------ */

/* The result of an import: the module's __name__, or the exception with
   its .name attribute (ImportError's). */
static void import_result(PyObject *r)
{
    if (r != NULL) {
        PyObject *name = PyObject_GetAttrString(r, "__name__");
        put("-> module ");
        if (name != NULL)
            put_repr(name);
        else
            put_exception();
        Py_XDECREF(name);
        Py_DECREF(r);
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *name = value != NULL && PyObject_HasAttrString(value, "name") ? PyObject_GetAttrString(value, "name")
                                                                            : NULL;
    PyErr_Restore(type, value, tb);
    put("raised ");
    put_exception();
    if (name != NULL) {
        put(" (name=");
        put_repr(name);
        put(")");
        Py_DECREF(name);
    }
}

#define CASE_IMPORT(what, expr) \
    do {                        \
        begin(what);            \
        import_result(expr);    \
        end();                  \
    } while (0)

static void import_cases(void)
{
    CASE_IMPORT("PyImport_ImportModule('pybuffer_no_such_module')", PyImport_ImportModule("pybuffer_no_such_module"));
    CASE_IMPORT("PyImport_ImportModuleNoBlock('pybuffer_no_such_module')",
                PyImport_ImportModuleNoBlock("pybuffer_no_such_module"));
    CASE_IMPORT("PyImport_ImportModule('pybuffer_nope.sub.leaf')", PyImport_ImportModule("pybuffer_nope.sub.leaf"));
    CASE_IMPORT("PyImport_ImportModule('.pybuffer_rel')", PyImport_ImportModule(".pybuffer_rel"));
    CASE_IMPORT("PyImport_ImportModule('pybuffer_nope..x')", PyImport_ImportModule("pybuffer_nope..x"));
    CASE_IMPORT("PyImport_ImportModule('')", PyImport_ImportModule(""));
    CASE_IMPORT("PyImport_ImportModule(\"it's\")", PyImport_ImportModule("it's"));

    /* A module added to sys.modules is what importing it gives. */
    begin("PyImport_AddModule('pybuffer_added') (borrowed)");
    PyObject *added = PyImport_AddModule("pybuffer_added");
    if (added != NULL) {
        put("-> ");
        put_repr(added);
    } else {
        put_exception();
    }
    end();
    CASE_INT("PyImport_AddModule('pybuffer_added') again is the same module",
             PyImport_AddModule("pybuffer_added") == added);
    CASE_IMPORT("PyImport_ImportModule('pybuffer_added')", PyImport_ImportModule("pybuffer_added"));
    begin("PyImport_ImportModule('pybuffer_added') is the added module");
    PyObject *again = PyImport_ImportModule("pybuffer_added");
    put("-> %d", again == added);
    Py_XDECREF(again);
    end();
    CASE_IMPORT("PyImport_ImportModule('pybuffer_added.sub') (not a package)",
                PyImport_ImportModule("pybuffer_added.sub"));
    CASE_IMPORT("PyImport_ImportModule('pybuffer_added.sub.leaf')", PyImport_ImportModule("pybuffer_added.sub.leaf"));

    PyObject *name = PyUnicode_FromString("pybuffer_added");
    CASE_IMPORT("PyImport_Import('pybuffer_added')", PyImport_Import(name));
    CASE_IMPORT("PyImport_GetModule('pybuffer_added')", PyImport_GetModule(name));
    begin("PyImport_AddModuleObject('pybuffer_added') is the added module");
    put("-> %d", PyImport_AddModuleObject(name) == added);
    end();
    Py_DECREF(name);
    name = PyUnicode_FromString("pybuffer_no_such_module");
    begin("PyImport_GetModule('pybuffer_no_such_module')");
    PyObject *got = PyImport_GetModule(name);
    put("-> %s, error %s", got ? "a module" : "NULL", PyErr_Occurred() ? "set" : "not set");
    Py_XDECREF(got);
    end();
    CASE_IMPORT("PyImport_Import('pybuffer_no_such_module')", PyImport_Import(name));
    Py_DECREF(name);
    PyObject *number = PyLong_FromLong(5);
    CASE_IMPORT("PyImport_Import(5)", PyImport_Import(number));
    begin("PyImport_GetModule(5)");
    got = PyImport_GetModule(number);
    put("-> %s, error %s", got ? "a module" : "NULL", PyErr_Occurred() ? "set" : "not set");
    Py_XDECREF(got);
    end();
    Py_DECREF(number);
    PyObject *list = PyList_New(0);
    CASE_IMPORT("PyImport_GetModule([]) (unhashable)", PyImport_GetModule(list));
    Py_DECREF(list);
    PyObject *empty = PyUnicode_FromString("");
    CASE_IMPORT("PyImport_Import('')", PyImport_Import(empty));
    Py_DECREF(empty);
}

/* ------------------------------------------------------------------ */
/*                 surrogatepass, str(), complex repr                 */
/* ------------------------------------------------------------------ */

static PyObject *ucs4(const Py_UCS4 *cps, Py_ssize_t n)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cps, n);
}

static void codec_cases(void)
{
    static const Py_UCS4 lone[] = {'a', 0xd800, 0xdfff, 'b', 0xd83d, 0xdca9, 0x10ffff};
    PyObject *s = ucs4(lone, 7);
    CASE_OBJ("encode 'a\\ud800\\udfffb\\ud83d\\udca9\\U0010ffff' utf-8 surrogatepass",
             PyUnicode_AsEncodedString(s, "utf-8", "surrogatepass"));
    CASE_OBJ("encode it utf-8 strict", PyUnicode_AsEncodedString(s, "utf-8", "strict"));
    CASE_OBJ("encode it utf8 (alias) surrogatepass", PyUnicode_AsEncodedString(s, "utf8", "surrogatepass"));
    CASE_OBJ("encode it ascii surrogatepass", PyUnicode_AsEncodedString(s, "ascii", "surrogatepass"));
    CASE_OBJ("encode it latin-1 surrogatepass", PyUnicode_AsEncodedString(s, "latin-1", "surrogatepass"));
    Py_DECREF(s);
    static const Py_UCS4 plain[] = {'a', 0xe9, 0x4e2d};
    s = ucs4(plain, 3);
    CASE_OBJ("encode 'a\\xe9\\u4e2d' latin-1 surrogatepass", PyUnicode_AsEncodedString(s, "latin-1", "surrogatepass"));
    Py_DECREF(s);
    static const struct {
        const char *what, *bytes;
        Py_ssize_t len;
    } DEC[] = {
        {"b'\\xed\\xa0\\x80'", "\xed\xa0\x80", 3},
        {"b'a\\xed\\xbf\\xbfb\\xed\\xa0\\xbd\\xed\\xb2\\xa9'", "a\xed\xbf\xbf" "b\xed\xa0\xbd\xed\xb2\xa9", 11},
        {"b'\\xed\\xa0' (truncated)", "\xed\xa0", 2},
        {"b'\\xed\\x9f\\xbf' (not a surrogate: U+D7FF is valid)", "\xed\x9f\xbf", 3},
        {"b'\\xed\\x80\\x80' (valid U+D000)", "\xed\x80\x80", 3},
        {"b'\\xff\\xed\\xa0\\x80'", "\xff\xed\xa0\x80", 4},
        {"b'\\xed\\xa0\\x80\\xff'", "\xed\xa0\x80\xff", 4},
        {"b'\\xed\\xc0\\x80'", "\xed\xc0\x80", 3},
    };
    char what[200];
    for (size_t i = 0; i < sizeof DEC / sizeof DEC[0]; i++) {
        snprintf(what, sizeof what, "decode %s utf-8 surrogatepass", DEC[i].what);
        CASE_OBJ(what, PyUnicode_DecodeUTF8(DEC[i].bytes, DEC[i].len, "surrogatepass"));
        snprintf(what, sizeof what, "PyUnicode_Decode(%s, 'utf-8', 'surrogatepass')", DEC[i].what);
        CASE_OBJ(what, PyUnicode_Decode(DEC[i].bytes, DEC[i].len, "utf-8", "surrogatepass"));
    }
    CASE_OBJ("decode b'a\\xed\\xa0\\x80' ascii surrogatepass", PyUnicode_DecodeASCII("a\xed\xa0\x80", 4, "surrogatepass"));
}

static void str_cases(void)
{
    PyObject *str = (PyObject *)&PyUnicode_Type;
    CASE_OBJ("str()", PyObject_CallNoArgs(str));
    CASE_OBJ("str(5)", PyObject_CallFunction(str, "i", 5));
    CASE_OBJ("str(1.5)", PyObject_CallFunction(str, "d", 1.5));
    CASE_OBJ("str('abc')", PyObject_CallFunction(str, "s", "abc"));
    CASE_OBJ("str(b'abc')", PyObject_CallFunction(str, "y", "abc"));
    CASE_OBJ("str(b'abc', 'utf-8')", PyObject_CallFunction(str, "ys", "abc", "utf-8"));
    CASE_OBJ("str(b'\\xe9', 'latin-1')", PyObject_CallFunction(str, "ys", "\xe9", "latin-1"));
    CASE_OBJ("str(b'\\xff', 'utf-8')", PyObject_CallFunction(str, "ys", "\xff", "utf-8"));
    CASE_OBJ("str(b'\\xff', 'utf-8', 'replace')", PyObject_CallFunction(str, "yss", "\xff", "utf-8", "replace"));
    CASE_OBJ("str(b'\\xff', errors='ignore')",
             PyObject_Call(str, Py_BuildValue("(y)", "\xff"), Py_BuildValue("{s:s}", "errors", "ignore")));
    CASE_OBJ("str(object=7)", PyObject_Call(str, Py_BuildValue("()"), Py_BuildValue("{s:i}", "object", 7)));
    CASE_OBJ("str(b'', 'no-such-codec')", PyObject_CallFunction(str, "ys", "", "no-such-codec"));
    CASE_OBJ("str(b'a', 'no-such-codec')", PyObject_CallFunction(str, "ys", "a", "no-such-codec"));
    CASE_OBJ("str('abc', 'utf-8')", PyObject_CallFunction(str, "ss", "abc", "utf-8"));
    CASE_OBJ("str(5, 'utf-8')", PyObject_CallFunction(str, "is", 5, "utf-8"));
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    begin("str(bytearray(b'xyz'), 'ascii') (its count restored)");
    watch(ba);
    obj_result(PyObject_CallFunction(str, "Os", ba, "ascii"));
    end();
    Py_DECREF(ba);
    PyObject *mv = PyMemoryView_FromMemory((char *)"mv", 2, PyBUF_READ);
    begin("str(memoryview(b'mv'), 'ascii') (its count restored)");
    watch(mv);
    obj_result(PyObject_CallFunction(str, "Os", mv, "ascii"));
    end();
    Py_DECREF(mv);
    CASE_OBJ("str(b'a', 5)", PyObject_CallFunction(str, "yi", "a", 5));
    CASE_OBJ("str(1, 2, 3, 4)", PyObject_CallFunction(str, "iiii", 1, 2, 3, 4));
    CASE_OBJ("str(nonsense=1)", PyObject_Call(str, Py_BuildValue("()"), Py_BuildValue("{s:i}", "nonsense", 1)));
    CASE_OBJ("str(5, object=6)", PyObject_Call(str, Py_BuildValue("(i)", 5), Py_BuildValue("{s:i}", "object", 6)));
    CASE_OBJ("PyUnicode_FromEncodedObject(b'hi', NULL, NULL)",
             PyUnicode_FromEncodedObject(Py_BuildValue("y", "hi"), NULL, NULL));
}

static void complex_cases(void)
{
    static const struct {
        const char *what;
        double re, im;
    } C[] = {
        {"complex(1, 2)", 1, 2},         {"complex(0, 2)", 0, 2},
        {"complex(-0.0, 2)", -0.0, 2},   {"complex(0, -0.0)", 0, -0.0},
        {"complex(0, 0)", 0, 0},         {"complex(1.5, -2.25)", 1.5, -2.25},
        {"complex(1e16, 1e-5)", 1e16, 1e-5}, {"complex(-1e300, 123456789)", -1e300, 123456789},
        {"complex(1, inf)", 1, Py_HUGE_VAL},  {"complex(-inf, -inf)", -Py_HUGE_VAL, -Py_HUGE_VAL},
        {"complex(nan, nan)", Py_NAN, Py_NAN}, {"complex(0, nan)", 0, Py_NAN},
        {"complex(0.1, 0.2)", 0.1, 0.2},
    };
    char what[200];
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        snprintf(what, sizeof what, "repr(%s)", C[i].what);
        CASE_OBJ(what, PyObject_Repr(PyComplex_FromDoubles(C[i].re, C[i].im)));
        snprintf(what, sizeof what, "str(%s)", C[i].what);
        CASE_OBJ(what, PyObject_Str(PyComplex_FromDoubles(C[i].re, C[i].im)));
    }
}

/* ------------------------------------------------------------------ */
/*                     Memory and pymath.h                            */
/* ------------------------------------------------------------------ */

static void memory_cases(void)
{
    void *p = PyMem_RawMalloc(0);
    CASE_INT("PyMem_RawMalloc(0) is not NULL", p != NULL);
    p = PyMem_RawRealloc(p, 100);
    CASE_INT("PyMem_RawRealloc(p, 100) is not NULL", p != NULL);
    memset(p, 'x', 100);
    PyMem_RawFree(p);
    PyMem_RawFree(NULL);
    char *z = PyMem_RawCalloc(10, 10);
    int zeroed = z != NULL;
    for (int i = 0; z != NULL && i < 100; i++)
        zeroed &= z[i] == 0;
    CASE_INT("PyMem_RawCalloc(10, 10) is zeroed", zeroed);
    PyMem_RawFree(z);
    CASE_INT("PyMem_RawCalloc(0, 0) is not NULL", (z = PyMem_RawCalloc(0, 0)) != NULL);
    PyMem_RawFree(z);
    CASE_INT("PyMem_RawMalloc(PY_SSIZE_T_MAX + 1) is NULL", PyMem_RawMalloc((size_t)PY_SSIZE_T_MAX + 1) == NULL);
    CASE_INT("PyMem_RawCalloc overflowing is NULL", PyMem_RawCalloc((size_t)-1 / 2, 4) == NULL);
    p = PyMem_RawMalloc(8);
    CASE_INT("PyMem_RawRealloc(p, PY_SSIZE_T_MAX + 1) is NULL", PyMem_RawRealloc(p, (size_t)PY_SSIZE_T_MAX + 1) == NULL);
    PyMem_RawFree(p);
    double *d = PyMem_New(double, 4);
    CASE_INT("PyMem_New(double, 4) is not NULL", d != NULL);
    double *keep = d;
    CASE_INT("PyMem_Resize(d, double, 8) is not NULL", PyMem_Resize(d, double, 8) != NULL);
    if (d == NULL)
        d = keep;
    double *d2 = d;
    CASE_INT("PyMem_Resize(d, double, PY_SSIZE_T_MAX) is NULL", PyMem_Resize(d2, double, PY_SSIZE_T_MAX) == NULL);
    (void)d2;
    PyMem_Del(d);
    CASE_INT("PyMem_New(double, PY_SSIZE_T_MAX) is NULL", PyMem_New(double, PY_SSIZE_T_MAX) == NULL);
    char *c = PyMem_NEW(char, 3);
    PyMem_FREE(c);
    CASE_INT("PyMem_MALLOC / PyMem_REALLOC / PyMem_DEL", (c = PyMem_MALLOC(4)) != NULL && (c = PyMem_REALLOC(c, 9)) != NULL);
    PyMem_DEL(c);
}

static void math_cases(void)
{
    CASE_OBJ("float(Py_NAN)", PyFloat_FromDouble(Py_NAN));
    CASE_OBJ("float(Py_HUGE_VAL)", PyFloat_FromDouble(Py_HUGE_VAL));
    CASE_OBJ("float(-Py_HUGE_VAL)", PyFloat_FromDouble(-Py_HUGE_VAL));
    CASE_OBJ("float(Py_MATH_PI)", PyFloat_FromDouble(Py_MATH_PI));
    CASE_OBJ("float(Py_MATH_E)", PyFloat_FromDouble(Py_MATH_E));
    CASE_OBJ("float(Py_MATH_TAU)", PyFloat_FromDouble((double)Py_MATH_TAU));
    CASE_OBJ("float(Py_MATH_PIl)", PyFloat_FromDouble((double)Py_MATH_PIl));
    CASE_OBJ("float(Py_MATH_El)", PyFloat_FromDouble((double)Py_MATH_El));
    volatile double nan = Py_NAN, inf = Py_HUGE_VAL, one = 1.0;
    CASE_INT("Py_IS_NAN(nan), Py_IS_NAN(1)", Py_IS_NAN(nan) * 10 + Py_IS_NAN(one));
    CASE_INT("Py_IS_INFINITY(inf), Py_IS_INFINITY(nan)", (Py_IS_INFINITY(inf) != 0) * 10 + (Py_IS_INFINITY(nan) != 0));
    CASE_INT("Py_IS_FINITE(1), Py_IS_FINITE(inf), Py_IS_FINITE(nan)",
             (Py_IS_FINITE(one) != 0) * 100 + (Py_IS_FINITE(inf) != 0) * 10 + (Py_IS_FINITE(nan) != 0));
    CASE_INT("copysign(1, Py_NAN) (a positive quiet NaN)", copysign(1.0, Py_NAN) > 0);
    /* pyconfig.h's feature-test macros: under -std=c11, M_PI and strdup
       are declared only because Python.h (included first) asked for
       POSIX/XSI/GNU declarations, as CPython's does. */
    CASE_OBJ("float(M_PI) (declared through pyconfig.h's _XOPEN_SOURCE)", PyFloat_FromDouble(M_PI));
    char *dup = strdup("strdup through _POSIX_C_SOURCE");
    CASE_OBJ("str(strdup(...))", PyUnicode_FromString(dup));
    free(dup);
    CASE_INT("_POSIX_C_SOURCE, _XOPEN_SOURCE", (int)(_POSIX_C_SOURCE % 1000000) * 1000 + _XOPEN_SOURCE);
}

/* ------------------------------------------------------------------ */
/*            What pythoncapi_compat.h needs of CPython 3.11          */
/* ------------------------------------------------------------------ */

static Py_GCC_ATTRIBUTE((unused)) int gcc_attribute_compiles;

static void compat_cases(void)
{
    /* _PyUnicodeWriter, used directly and through its helpers. */
    _PyUnicodeWriter writer;
    _PyUnicodeWriter_Init(&writer);
    writer.overallocate = 1;
    static const Py_UCS4 wide[] = {0x4e2d, 0x1f600};
    PyObject *w = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, wide, 2);
    PyObject *latin = PyUnicode_FromString("caf\xc3\xa9");
    begin("_PyUnicodeWriter: ASCII, chars, str, substring, Latin-1, then Finish");
    int ok = _PyUnicodeWriter_WriteASCIIString(&writer, "abc", 3) == 0 &&
             _PyUnicodeWriter_WriteChar(&writer, 0xe9) == 0 && _PyUnicodeWriter_WriteStr(&writer, latin) == 0 &&
             _PyUnicodeWriter_WriteASCIIString(&writer, "-nul-terminated-", -1) == 0 &&
             _PyUnicodeWriter_WriteSubstring(&writer, w, 1, 2) == 0 &&
             _PyUnicodeWriter_WriteLatin1String(&writer, "l1!", 3) == 0 &&
             _PyUnicodeWriter_WriteChar(&writer, 0x4e2d) == 0;
    /* Direct writes after _PyUnicodeWriter_Prepare, as CPython's own code does. */
    if (ok && _PyUnicodeWriter_Prepare(&writer, 3, 'z') == 0) {
        for (Py_UCS4 c = 'x'; c <= 'z'; c++)
            PyUnicode_WRITE(writer.kind, writer.data, writer.pos++, c);
    }
    put("writes %s; ", ok ? "ok" : "failed");
    obj_result(_PyUnicodeWriter_Finish(&writer));
    end();
    _PyUnicodeWriter_Init(&writer);
    CASE_OBJ("_PyUnicodeWriter_Finish of nothing", _PyUnicodeWriter_Finish(&writer));
    _PyUnicodeWriter_Init(&writer);
    CASE_INT("_PyUnicodeWriter_WriteChar(0x110000)", _PyUnicodeWriter_WriteChar(&writer, 0x110000));
    CASE_INT("_PyUnicodeWriter_WriteChar(0xffffffff)", _PyUnicodeWriter_WriteChar(&writer, 0xffffffffu));
    _PyUnicodeWriter_WriteASCIIString(&writer, "dropped", 7);
    _PyUnicodeWriter_Dealloc(&writer);
    _PyUnicodeWriter_Init(&writer);
    writer.min_length = 100;
    begin("_PyUnicodeWriter_Prepare(3) with min_length 100: room for 100, ASCII kind");
    int prepared = _PyUnicodeWriter_Prepare(&writer, 3, 'm');
    put("-> %d, %d, kind %d", prepared, writer.size >= 100, (int)writer.kind);
    end();
    _PyUnicodeWriter_WriteASCIIString(&writer, "min", 3);
    CASE_OBJ("... and finishes as 'min'", _PyUnicodeWriter_Finish(&writer));
    Py_DECREF(w);
    Py_DECREF(latin);

    CASE_OBJ("repr(Py_Ellipsis)", PyObject_Repr(Py_Ellipsis));
    CASE_OBJ("type(Py_Ellipsis).__name__", PyObject_GetAttrString((PyObject *)Py_TYPE(Py_Ellipsis), "__name__"));
    CASE_INT("Py_TYPE(Py_Ellipsis) == &PyEllipsis_Type", Py_TYPE(Py_Ellipsis) == &PyEllipsis_Type);
    CASE_INT("PyThreadState_GetFrame(PyThreadState_Get()) is NULL (no Python frame)",
             PyThreadState_GetFrame(PyThreadState_Get()) == NULL && !PyErr_Occurred());
    CASE_INT("PyEval_GetFrame() is NULL", PyEval_GetFrame() == NULL && !PyErr_Occurred());
    CASE_INT("PyInterpreterState_Get() == PyThreadState_GetInterpreter(PyThreadState_Get())",
             PyInterpreterState_Get() == PyThreadState_GetInterpreter(PyThreadState_Get()));
    CASE_INT("PyInterpreterState_GetID(PyInterpreterState_Get())", (int)PyInterpreterState_GetID(PyInterpreterState_Get()));

    /* The clocks. */
    _PyTime_t t1 = 0, t2 = 0, wall = 0, perf = 0;
    _Py_clock_info_t info;
    begin("_PyTime_GetMonotonicClockWithInfo twice: not decreasing; its info");
    int r = _PyTime_GetMonotonicClockWithInfo(&t1, &info);
    r |= _PyTime_GetMonotonicClockWithInfo(&t2, NULL);
    put("-> %d, %d, %s monotonic=%d adjustable=%d resolution>0=%d", r, t2 >= t1, info.implementation, info.monotonic,
        info.adjustable, info.resolution > 0);
    end();
    begin("_PyTime_GetSystemClockWithInfo: after 2020, its info");
    r = _PyTime_GetSystemClockWithInfo(&wall, &info);
    put("-> %d, %d, %s monotonic=%d adjustable=%d", r, wall > (_PyTime_t)1577836800 * 1000000000, info.implementation,
        info.monotonic, info.adjustable);
    end();
    begin("_PyTime_GetPerfCounterWithInfo");
    r = _PyTime_GetPerfCounterWithInfo(&perf, &info);
    put("-> %d, %s monotonic=%d adjustable=%d", r, info.implementation, info.monotonic, info.adjustable);
    end();
    begin("_PyTime_AsSecondsDouble of 3 s, 1.5 s, -1 ns, _PyTime_MAX");
    put("-> %.17g %.17g %.17g %.17g", _PyTime_AsSecondsDouble(3000000000), _PyTime_AsSecondsDouble(1500000000),
        _PyTime_AsSecondsDouble(-1), _PyTime_AsSecondsDouble(_PyTime_MAX));
    end();

    /* PyConfig / PyWideStringList: the layout pythoncapi_compat.h reads. */
    begin("sizeof(PyConfig), offsetof(PyConfig, argv / stdio_errors / _is_python_build)");
    put("-> %zu %zu %zu %zu, PyWideStringList %zu", sizeof(PyConfig), offsetof(PyConfig, argv),
        offsetof(PyConfig, stdio_errors), offsetof(PyConfig, _is_python_build), sizeof(PyWideStringList));
    end();
    begin("sizeof(_PyUnicodeWriter), offsetof(pos / overallocate / readonly)");
    put("-> %zu %zu %zu %zu", sizeof(_PyUnicodeWriter), offsetof(_PyUnicodeWriter, pos),
        offsetof(_PyUnicodeWriter, overallocate), offsetof(_PyUnicodeWriter, readonly));
    end();
    CASE_INT("sizeof(Py_uintptr_t) == sizeof(void *), sizeof(Py_intptr_t)",
             (int)(sizeof(Py_uintptr_t) == sizeof(void *)) * 100 + (int)sizeof(Py_intptr_t));
}

/* ------------------------------------------------------------------ */
/*      Slices, sequence concat/repeat, and what bitarray names       */
/* ------------------------------------------------------------------ */

static void unpack_case(const char *what, PyObject *slice, Py_ssize_t length)
{
    Py_ssize_t start = 0, stop = 0, step = 0, n = 0;
    begin(what);
    if (PySlice_Unpack(slice, &start, &stop, &step) < 0) {
        put("raised ");
        put_exception();
    } else {
        put("unpack %zd %zd %zd", start, stop, step);
        n = PySlice_AdjustIndices(length, &start, &stop, step);
        put("; adjusted to %zd: %zd %zd, %zd items", length, start, stop, n);
    }
    Py_ssize_t a, b, c, len;
    int r = PySlice_GetIndicesEx(slice, length, &a, &b, &c, &len);
    put("; GetIndicesEx %d", r);
    if (r == 0)
        put(" %zd %zd %zd %zd", a, b, c, len);
    else
        PyErr_Clear();
    r = PySlice_GetIndices(slice, length, &a, &b, &c);
    put("; GetIndices %d", r);
    if (r == 0)
        put(" %zd %zd %zd", a, b, c);
    PyErr_Clear();
    end();
    Py_DECREF(slice);
}

static void slice_cases(void)
{
    PyObject *big = PyLong_FromString("100000000000000000000000", NULL, 10);
    PyObject *nbig = PyLong_FromString("-100000000000000000000000", NULL, 10);
    PyObject *i0 = PyLong_FromLong(0), *i1 = PyLong_FromLong(1), *i2 = PyLong_FromLong(2), *m1 = PyLong_FromLong(-1),
             *m3 = PyLong_FromLong(-3), *i5 = PyLong_FromLong(5), *s = PyUnicode_FromString("x");
    CASE_OBJ("repr(slice(None, None, None))", PyObject_Repr(PySlice_New(NULL, NULL, NULL)));
    CASE_OBJ("repr(slice(1, 'x', 10**23))", PyObject_Repr(PySlice_New(i1, s, big)));
    PyObject *sl = PySlice_New(i1, i5, i2);
    CASE_OBJ("slice(1, 5, 2).start", PyObject_GetAttrString(sl, "start"));
    CASE_OBJ("slice(1, 5, 2).stop", PyObject_GetAttrString(sl, "stop"));
    CASE_OBJ("slice(1, 5, 2).step", PyObject_GetAttrString(sl, "step"));
    CASE_INT("setattr(slice, 'start', 0)", PyObject_SetAttrString(sl, "start", i0));
    CASE_INT("hash(slice(1, 5, 2))", (int)PyObject_Hash(sl));
    CASE_INT("PySlice_Check(slice), PySlice_Check(1)", PySlice_Check(sl) * 10 + PySlice_Check(i1));
    CASE_OBJ("type(slice).__name__", PyObject_GetAttrString((PyObject *)Py_TYPE(sl), "__name__"));
    PyObject *other = PySlice_New(i1, i5, i5);
    static const int OPS[] = {Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
    static const char *NAMES[] = {"<", "<=", "==", "!=", ">", ">="};
    char what[160];
    for (int i = 0; i < 6; i++) {
        snprintf(what, sizeof what, "slice(1, 5, 2) %s slice(1, 5, 5)", NAMES[i]);
        CASE_OBJ(what, PyObject_RichCompare(sl, other, OPS[i]));
        snprintf(what, sizeof what, "slice(1, 5, 2) %s itself", NAMES[i]);
        CASE_OBJ(what, PyObject_RichCompare(sl, sl, OPS[i]));
    }
    CASE_OBJ("slice(1, 5, 2) == 1", PyObject_RichCompare(sl, i1, Py_EQ));
    CASE_OBJ("slice(1, 5, 2) < 1", PyObject_RichCompare(sl, i1, Py_LT));
    Py_DECREF(other);
    Py_DECREF(sl);
    unpack_case("slice(None, None, None) over 10", PySlice_New(NULL, NULL, NULL), 10);
    unpack_case("slice(None, None, -1) over 10", PySlice_New(NULL, NULL, m1), 10);
    unpack_case("slice(1, 5, 2) over 10", PySlice_New(i1, i5, i2), 10);
    unpack_case("slice(-3, None, None) over 10", PySlice_New(m3, NULL, NULL), 10);
    unpack_case("slice(5, 1, -1) over 3", PySlice_New(i5, i1, m1), 3);
    unpack_case("slice(-10**23, 10**23, None) over 7", PySlice_New(nbig, big, NULL), 7);
    unpack_case("slice(None, None, -10**23) over 7", PySlice_New(NULL, NULL, nbig), 7);
    unpack_case("slice(None, None, 10**23) over 7", PySlice_New(NULL, NULL, big), 7);
    unpack_case("slice(None, None, 0)", PySlice_New(NULL, NULL, i0), 7);
    unpack_case("slice('x', None, None)", PySlice_New(s, NULL, NULL), 7);
    unpack_case("slice(None, 1.5, None)", PySlice_New(NULL, PyFloat_FromDouble(1.5), NULL), 7);
    unpack_case("slice(True, 5, None) over 3", PySlice_New(Py_True, i5, NULL), 3);
    unpack_case("slice(0, 0, None) over 0", PySlice_New(i0, i0, NULL), 0);
    /* (Not PySlice_Unpack of a non-slice: CPython does not check and
       crashes; ours raises SystemError.) */
    /* sequence concatenation and repetition */
    PyObject *list = Py_BuildValue("[ii]", 1, 2), *tuple = Py_BuildValue("(i)", 3), *bytes = PyBytes_FromString("ab");
    CASE_OBJ("PySequence_Concat([1, 2], [1, 2])", PySequence_Concat(list, list));
    CASE_OBJ("PySequence_Concat([1, 2], (3,))", PySequence_Concat(list, tuple));
    CASE_OBJ("PySequence_Concat(1, [1, 2])", PySequence_Concat(i1, list));
    CASE_OBJ("PySequence_Concat(b'ab', b'ab')", PySequence_Concat(bytes, bytes));
    CASE_OBJ("PySequence_Repeat((3,), 3)", PySequence_Repeat(tuple, 3));
    CASE_OBJ("PySequence_Repeat(b'ab', -1)", PySequence_Repeat(bytes, -1));
    CASE_OBJ("PySequence_Repeat(1, 2)", PySequence_Repeat(i1, 2));
    CASE_OBJ("PySequence_Repeat({}, 2)", PySequence_Repeat(PyDict_New(), 2));
    PyObject *grown = PySequence_InPlaceConcat(list, tuple);
    CASE_OBJ("PySequence_InPlaceConcat([1, 2], (3,)) (the same list)", grown == list ? PyObject_Repr(list) : grown);
    if (grown == list)
        Py_DECREF(grown);
    grown = PySequence_InPlaceRepeat(list, 2);
    CASE_OBJ("PySequence_InPlaceRepeat(list, 2) (the same list)", grown == list ? PyObject_Repr(list) : grown);
    if (grown == list)
        Py_DECREF(grown);
    CASE_OBJ("PySequence_InPlaceConcat((3,), (3,)) (a new tuple)", PySequence_InPlaceConcat(tuple, tuple));
    CASE_OBJ("PySequence_InPlaceConcat(1, 1)", PySequence_InPlaceConcat(i1, i1));
    /* _PyBytes_Join */
    PyObject *sep = PyBytes_FromString(", ");
    PyObject *parts = Py_BuildValue("[yNy]", "a", PyByteArray_FromStringAndSize("b", 1), "c");
    CASE_OBJ("_PyBytes_Join(b', ', [b'a', bytearray(b'b'), b'c'])", _PyBytes_Join(sep, parts));
    Py_DECREF(parts);
    parts = Py_BuildValue("[yi]", "a", 1);
    CASE_OBJ("_PyBytes_Join(b', ', [b'a', 1])", _PyBytes_Join(sep, parts));
    Py_DECREF(parts);
    CASE_OBJ("_PyBytes_Join(b', ', [])", _PyBytes_Join(sep, PyList_New(0)));
    begin("_PyBytes_Join(b', ', [b]) is b itself");
    parts = Py_BuildValue("[O]", bytes);
    PyObject *joined = _PyBytes_Join(sep, parts);
    put("-> %d", joined == bytes);
    Py_XDECREF(joined);
    Py_DECREF(parts);
    end();
    CASE_OBJ("_PyBytes_Join(b', ', 5)", _PyBytes_Join(sep, i5));
    Py_DECREF(sep);
    /* _PyUnicode_EQ, Py_UNICODE_ISSPACE, _Py_HashPointer, _Py_IsFinalizing, PyObject_ClearWeakRefs */
    PyObject *u1 = PyUnicode_FromString("\xc3\xa9t\xc3\xa9"), *u2 = PyUnicode_FromString("\xc3\xa9t\xc3\xa9"),
             *u3 = PyUnicode_FromString("ete");
    CASE_INT("_PyUnicode_EQ('\xe9t\xe9', '\xe9t\xe9'), with 'ete'", _PyUnicode_EQ(u1, u2) * 10 + _PyUnicode_EQ(u1, u3));
    Py_DECREF(u1);
    Py_DECREF(u2);
    Py_DECREF(u3);
    static const Py_UCS4 SPACES[] = {' ', '\t', 0x1c, 0x1f, 0x85, 0xa0, 0x2028, 0x3000, 'a', 0x200b, 0xfeff, 0x180e};
    begin("Py_UNICODE_ISSPACE over ' \\t \\x1c \\x1f \\x85 \\xa0 \\u2028 \\u3000 a \\u200b \\ufeff \\u180e'");
    for (size_t i = 0; i < sizeof SPACES / sizeof SPACES[0]; i++)
        put("%d", Py_UNICODE_ISSPACE(SPACES[i]) ? 1 : 0);
    end();
    CASE_INT("_Py_HashPointer((void *)0x1230) (rotated by 4 bits)", (int)_Py_HashPointer((void *)0x1230));
    CASE_INT("_Py_IsFinalizing()", _Py_IsFinalizing());
    begin("PyObject_ClearWeakRefs(a live module)");
    PyObject *mod = PyModule_New("weak");
    PyObject_ClearWeakRefs(mod);
    put("-> %s", PyErr_Occurred() ? "error" : "no error");
    PyErr_Clear();
    Py_DECREF(mod);
    end();
    Py_DECREF(list);
    Py_DECREF(tuple);
    Py_DECREF(bytes);
    Py_DECREF(big);
    Py_DECREF(nbig);
    Py_DECREF(i0);
    Py_DECREF(i1);
    Py_DECREF(i2);
    Py_DECREF(m1);
    Py_DECREF(m3);
    Py_DECREF(i5);
    Py_DECREF(s);
}

int main(void)
{
    Py_Initialize();
    import_cases();
    codec_cases();
    str_cases();
    complex_cases();
    memory_cases();
    math_cases();
    compat_cases();
    slice_cases();
    return 0;
}
