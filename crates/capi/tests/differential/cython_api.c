/* Differential cases for the API Cython-generated extensions use
 * (scripts/corpus.py: cityhash), beyond what the other sources cover:
 *
 * - the thread state's `interp` field, Py_Version and Py_GetVersion;
 * - code objects: PyCode_NewEmpty, PyCode_New / PyCode_NewWithPosOnlyArgs
 *   (fields read back through the struct and as attributes, argument
 *   errors), code.replace() (Cython 0.29's way), PyCode_Check;
 * - frames: PyFrame_New, f_lineno set through the struct as Cython sets it
 *   (internal/pycore_frame.h with Py_BUILD_CORE), PyFrame_GetLineNumber /
 *   GetCode / GetBack / GetGlobals / GetLasti and the frame's attributes;
 * - tracebacks: PyTraceBack_Here pushing entries onto the pending error,
 *   what PyErr_Fetch returns, the entries' attributes;
 * - sys.modules through PyImport_GetModuleDict (a module stored in it is
 *   imported, one deleted is gone);
 * - the builtins module: its types, constants, exceptions and functions,
 *   with their argument errors;
 * - PyObject_Format with an empty spec, object.__format__'s refusal of a
 *   non-empty one, the spec type check;
 * - _PyObject_GenericGetAttrWithDict with and without a dict and suppress;
 *   _PyObject_NextNotImplemented;
 * - PyUnicode_CopyCharacters / _PyUnicode_FastCopyCharacters between kinds
 *   and their errors;
 * - PyFPE_START_PROTECT / PyFPE_END_PROTECT, which Cython 0.29 writes
 *   around float arithmetic (empty in 3.11; the statement they guard runs
 *   and nothing is left behind, even with no semicolon after the end).
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

#include "frameobject.h"
#include "traceback.h"
#ifndef Py_BUILD_CORE
#  define Py_BUILD_CORE 1
#endif
#include "internal/pycore_frame.h"

#include "case.h"

/* A case whose message CPython makes with its own source position
   (PyErr_BadInternalCall): only the exception type is compared. */
static void show_type(const char *what, PyObject *o)
{
    if (o != NULL || PyErr_Occurred() == NULL) {
        show(what, o);
        return;
    }
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    show(what, PyUnicode_FromString(((PyTypeObject *)t)->tp_name));
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
}

static PyObject *attr_of(PyObject *o, const char *name)
{
    return o ? PyObject_GetAttrString(o, name) : NULL;
}

static void thread_state(void)
{
    PyThreadState *ts = PyThreadState_Get();
    show("PyThreadState_Get()->interp == PyInterpreterState_Get()", PyBool_FromLong(ts->interp == PyInterpreterState_Get()));
    show("PyThreadState_GetInterpreter(ts) == ts->interp",
         PyBool_FromLong(PyThreadState_GetInterpreter(ts) == ts->interp));
    show("Py_Version >> 16 (3.11)", PyLong_FromUnsignedLong(Py_Version >> 16));
    show("Py_Version >= PY_VERSION_HEX & ~0xFFFF", PyBool_FromLong(Py_Version >= (PY_VERSION_HEX & ~0xFFFFUL)));
    show("Py_GetVersion()[:5]", PyUnicode_FromStringAndSize(Py_GetVersion(), 5));
    show("Py_GetVersion() has ' (' after the version",
         PyBool_FromLong(strchr(Py_GetVersion(), ' ') != NULL && strchr(Py_GetVersion(), ' ')[1] == '('));
}

static void show_code(const char *what, PyCodeObject *co)
{
    char buf[200];
    if (co == NULL) {
        show_type(what, NULL);
        return;
    }
    snprintf(buf, sizeof buf, "%s: PyCode_Check", what);
    show(buf, PyBool_FromLong(PyCode_Check(co)));
    snprintf(buf, sizeof buf, "%s: struct fields", what);
    show(buf, Py_BuildValue("(iiiiiiOOO)", co->co_argcount, co->co_posonlyargcount, co->co_kwonlyargcount,
                            co->co_nlocals, co->co_flags, co->co_firstlineno, co->co_name, co->co_qualname,
                            co->co_filename));
    static const char *const names[] = {"co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
                                        "co_stacksize", "co_flags", "co_firstlineno", "co_name", "co_qualname",
                                        "co_filename", "co_consts", "co_names"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(buf, sizeof buf, "%s.%s", what, names[i]);
        show(buf, attr_of((PyObject *)co, names[i]));
    }
    Py_DECREF(co);
}

static void code_objects(void)
{
    show_code("PyCode_NewEmpty('f.pyx', 'mod.func', 42)", PyCode_NewEmpty("f.pyx", "mod.func", 42));
    show_code("PyCode_NewEmpty('', '', 0)", PyCode_NewEmpty("", "", 0));
    show_code("PyCode_NewEmpty('d\\xc3\\xa9j\\xc3\\xa0.pyx', 'caf\\xc3\\xa9', -3)",
              PyCode_NewEmpty("d\xc3\xa9j\xc3\xa0.pyx", "caf\xc3\xa9", -3));

    /* A real (tiny) body: RESUME 0; LOAD_CONST 0; RETURN_VALUE. */
    PyObject *code = PyBytes_FromStringAndSize("\x97\x00" "d\x00" "S\x00", 6);
    PyObject *consts = Py_BuildValue("(O)", Py_None);
    PyObject *names = PyTuple_New(0);
    PyObject *varnames = Py_BuildValue("(sss)", "a", "b", "c");
    PyObject *empty = PyTuple_New(0);
    PyObject *file = PyUnicode_FromString("m.pyx");
    PyObject *name = PyUnicode_FromString("g");
    PyObject *qual = PyUnicode_FromString("C.g");
    PyObject *table = PyBytes_FromStringAndSize("", 0);
    show_code("PyCode_NewWithPosOnlyArgs(2, 1, 1, 3, ...)",
              PyCode_NewWithPosOnlyArgs(2, 1, 1, 3, 4, CO_OPTIMIZED | CO_NEWLOCALS, code, consts, names, varnames,
                                        empty, empty, file, name, qual, 7, table, table));
    show_code("PyCode_New(1, 0, 3, ..., qualname=g)",
              PyCode_New(1, 0, 3, 2, CO_OPTIMIZED | CO_NEWLOCALS | CO_VARARGS, code, consts, names, varnames, empty,
                         empty, file, name, name, 9, table, table));
    show_code("PyCode_New(code=str)", PyCode_New(0, 0, 0, 0, 0, file, consts, names, empty, empty, empty, file, name,
                                                 name, 1, table, table));
    show_code("PyCode_New(consts=list)", PyCode_New(0, 0, 0, 0, 0, code, (PyObject *)&PyList_Type, names, empty,
                                                    empty, empty, file, name, name, 1, table, table));
    show_code("PyCode_New(name=bytes)", PyCode_New(0, 0, 0, 0, 0, code, consts, names, empty, empty, empty, file,
                                                   table, name, 1, table, table));
    show_code("PyCode_New(argcount=-1)", PyCode_New(-1, 0, 0, 0, 0, code, consts, names, empty, empty, empty, file,
                                                    name, name, 1, table, table));
    show_code("PyCode_NewWithPosOnlyArgs(posonly > argcount)",
              PyCode_NewWithPosOnlyArgs(1, 2, 0, 0, 0, 0, code, consts, names, varnames, empty, empty, file, name,
                                        name, 1, table, table));
    show_code("PyCode_New(flags=-1)", PyCode_New(0, 0, 0, 0, -1, code, consts, names, empty, empty, empty, file, name,
                                                 name, 1, table, table));
    show_code("PyCode_New(argcount=4 > len(varnames))",
              PyCode_New(4, 0, 3, 0, 0, code, consts, names, varnames, empty, empty, file, name, name, 1, table,
                         table));
    show_code("PyCode_New(argcount=3, CO_VARARGS, 3 varnames)",
              PyCode_New(3, 0, 3, 0, CO_VARARGS, code, consts, names, varnames, empty, empty, file, name, name, 1,
                         table, table));
    Py_DECREF(code);
    Py_DECREF(consts);
    Py_DECREF(names);
    Py_DECREF(varnames);
    Py_DECREF(empty);
    Py_DECREF(file);
    Py_DECREF(name);
    Py_DECREF(qual);
    Py_DECREF(table);
    show("CO_OPTIMIZED|CO_NEWLOCALS|CO_VARARGS|CO_VARKEYWORDS|CO_GENERATOR|CO_COROUTINE",
         Py_BuildValue("(iiiiii)", CO_OPTIMIZED, CO_NEWLOCALS, CO_VARARGS, CO_VARKEYWORDS, CO_GENERATOR,
                       CO_COROUTINE));
}

/* code.replace(**kwargs), as Cython 0.29 builds its code objects on 3.11. */
static void code_replace(void)
{
    PyCodeObject *base = PyCode_NewEmpty("r.pyx", "base", 4);
    PyObject *replace = PyObject_GetAttrString((PyObject *)base, "replace");
    PyObject *empty = PyTuple_New(0);
    PyObject *kw = Py_BuildValue("{s:i,s:i,s:i,s:i,s:i,s:i,s:y#,s:(O),s:(),s:(ss),s:(),s:(s),s:y}", "co_argcount", 1,
                                 "co_posonlyargcount", 0, "co_kwonlyargcount", 0, "co_nlocals", 2, "co_stacksize", 3,
                                 "co_flags", CO_OPTIMIZED | CO_NEWLOCALS, "co_code", "\x97\x00d\x00S\x00",
                                 (Py_ssize_t)6, "co_consts", Py_None, "co_names", "co_varnames", "x", "y",
                                 "co_freevars", "co_cellvars", "y", "co_linetable", "");
    show_code("code.replace(Cython 0.29's keywords)", (PyCodeObject *)PyObject_Call(replace, empty, kw));
    Py_DECREF(kw);
    kw = Py_BuildValue("{s:s,s:i}", "co_name", "renamed", "co_firstlineno", 99);
    show_code("code.replace(co_name='renamed', co_firstlineno=99)", (PyCodeObject *)PyObject_Call(replace, empty, kw));
    Py_DECREF(kw);
    show_code("code.replace()", (PyCodeObject *)PyObject_Call(replace, empty, NULL));
    PyObject *one = Py_BuildValue("(i)", 1);
    show("code.replace(1)", PyObject_Call(replace, one, NULL));
    Py_DECREF(one);
    static const char *const bad[] = {"{s:i}", "co_name", "{s:s}", "co_argcount", "{s:()}", "co_code",
                                      "{s:s}", "co_consts", "{s:i}", "co_bogus", "{s:i}", "co_flags"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i += 2) {
        PyObject *k;
        if (bad[i][3] == 'i')
            k = Py_BuildValue(bad[i], bad[i + 1], strcmp(bad[i + 1], "co_flags") == 0 ? -1 : 1);
        else if (bad[i][3] == 's')
            k = Py_BuildValue(bad[i], bad[i + 1], "x");
        else
            k = Py_BuildValue(bad[i], bad[i + 1]);
        char what[80];
        snprintf(what, sizeof what, "code.replace(%s=<bad>)", bad[i + 1]);
        show_type(what, PyObject_Call(replace, empty, k));
        Py_DECREF(k);
    }
    PyObject *neg = Py_BuildValue("{s:i}", "co_firstlineno", -1);
    show("code.replace(co_firstlineno=-1)", PyObject_Call(replace, empty, neg));
    Py_DECREF(neg);
    neg = Py_BuildValue("{s:i}", "co_stacksize", -2);
    show("code.replace(co_stacksize=-2)", PyObject_Call(replace, empty, neg));
    Py_DECREF(neg);
    PyObject *big = Py_BuildValue("{s:L}", "co_argcount", (long long)1 << 40);
    show("code.replace(co_argcount=2**40)", PyObject_Call(replace, empty, big));
    Py_DECREF(big);
    Py_DECREF(empty);
    Py_DECREF(replace);
    Py_DECREF(base);
}

static PyFrameObject *frame_at(PyCodeObject *co, PyObject *globals, int line)
{
    PyFrameObject *f = PyFrame_New(PyThreadState_Get(), co, globals, NULL);
    if (f != NULL && line)
        f->f_lineno = line; /* as Cython's __Pyx_PyFrame_SetLineNumber */
    return f;
}

static void frames_and_tracebacks(void)
{
    PyCodeObject *co = PyCode_NewEmpty("src/mod.pyx", "mod.func", 10);
    PyObject *globals = PyDict_New();
    PyDict_SetItemString(globals, "__name__", PyUnicode_FromString("mod"));
    PyFrameObject *f = frame_at(co, globals, 0);
    show("PyFrame_New(...) is a frame", f ? PyUnicode_FromString(Py_TYPE(f)->tp_name) : NULL);
    show("PyFrame_GetLineNumber (f_lineno unset: first line)", PyLong_FromLong(PyFrame_GetLineNumber(f)));
    f->f_lineno = 17;
    show("PyFrame_GetLineNumber after f_lineno = 17", PyLong_FromLong(PyFrame_GetLineNumber(f)));
    show("frame.f_lineno", attr_of((PyObject *)f, "f_lineno"));
    PyCodeObject *got = PyFrame_GetCode(f);
    show("PyFrame_GetCode(f) is the code", PyBool_FromLong(got == co));
    Py_XDECREF(got);
    PyObject *g = PyFrame_GetGlobals(f);
    show("PyFrame_GetGlobals(f) is the globals", PyBool_FromLong(g == globals));
    Py_XDECREF(g);
    PyFrameObject *back = PyFrame_GetBack(f);
    show("PyFrame_GetBack(f)", back ? (PyObject *)back : Py_NewRef(Py_None));
    show("PyFrame_GetLasti(f)", PyLong_FromLong(PyFrame_GetLasti(f)));
    PyObject *fc = attr_of((PyObject *)f, "f_code");
    show("frame.f_code is the code", PyBool_FromLong(fc == (PyObject *)co));
    Py_XDECREF(fc);
    PyObject *fg = attr_of((PyObject *)f, "f_globals");
    show("frame.f_globals is the globals", PyBool_FromLong(fg == globals));
    Py_XDECREF(fg);
    show("frame.f_back", attr_of((PyObject *)f, "f_back"));

    /* Two entries pushed while a ValueError is pending. */
    PyCodeObject *co2 = PyCode_NewEmpty("src/mod.pyx", "mod.outer", 3);
    PyFrameObject *f2 = frame_at(co2, globals, 5);
    PyErr_SetString(PyExc_ValueError, "boom");
    int here1 = PyTraceBack_Here(f);
    int here2 = PyTraceBack_Here(f2);
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb); /* before show(), which clears errors */
    show("PyTraceBack_Here(inner), PyTraceBack_Here(outer)", Py_BuildValue("(ii)", here1, here2));
    if (t == NULL)
        t = Py_NewRef(Py_None), v = Py_NewRef(Py_None);
    show("fetched type", Py_NewRef(t));
    show("fetched value (unnormalised)", Py_NewRef(v));
    show("PyTraceBack_Check(tb)", PyBool_FromLong(tb != NULL && PyTraceBack_Check(tb)));
    show("tb.tb_lineno (outer, pushed last)", attr_of(tb, "tb_lineno"));
    PyObject *tf = attr_of(tb, "tb_frame");
    show("tb.tb_frame is the outer frame", PyBool_FromLong(tf == (PyObject *)f2));
    Py_XDECREF(tf);
    PyObject *next = attr_of(tb, "tb_next");
    show("tb.tb_next.tb_lineno", attr_of(next, "tb_lineno"));
    show("tb.tb_next.tb_next", attr_of(next, "tb_next"));
    if (tb)
        show("tb.tb_lasti", attr_of(tb, "tb_lasti"));
    show("frame.f_lasti", attr_of((PyObject *)f, "f_lasti"));
    show("struct: tb_lineno, tb_next->tb_lineno",
             Py_BuildValue("(ii)", ((PyTracebackObject *)tb)->tb_lineno,
                           ((PyTracebackObject *)tb)->tb_next->tb_lineno));
    Py_XDECREF(next);
    /* Restored, the traceback comes back with the error. */
    PyErr_Restore(t, v, tb);
    PyErr_Fetch(&t, &v, &tb);
    show("restored traceback is kept", PyBool_FromLong(tb != NULL && PyTraceBack_Check(tb)));
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    show("PyTraceBack_Type.tp_name", PyUnicode_FromString(PyTraceBack_Type.tp_name));
    Py_DECREF(f2);
    Py_DECREF(co2);
    Py_DECREF(f);
    Py_DECREF(co);
    Py_DECREF(globals);
}

static void module_dict(void)
{
    PyObject *modules = PyImport_GetModuleDict();
    show("PyImport_GetModuleDict() is a dict", PyBool_FromLong(modules && PyDict_CheckExact(modules)));
    show("PyImport_GetModuleDict() twice is the same", PyBool_FromLong(PyImport_GetModuleDict() == modules));
    show("'builtins' in sys.modules", PyBool_FromLong(PyDict_GetItemString(modules, "builtins") != NULL));
    PyObject *m = PyModule_New("cy_added_mod");
    PyDict_SetItemString(modules, "cy_added_mod", m);
    PyObject *name = PyUnicode_FromString("cy_added_mod");
    PyObject *got = PyImport_GetModule(name);
    show("PyImport_GetModule after sys.modules[name] = m", PyBool_FromLong(got == m));
    Py_XDECREF(got);
    got = PyImport_ImportModule("cy_added_mod");
    show("PyImport_ImportModule after sys.modules[name] = m", PyBool_FromLong(got == m));
    Py_XDECREF(got);
    PyDict_DelItemString(modules, "cy_added_mod");
    got = PyImport_GetModule(name);
    show("PyImport_GetModule after del sys.modules[name]", got ? got : Py_NewRef(Py_None));
    show("PyImport_ImportModule after del", PyImport_ImportModule("cy_added_mod"));
    PyObject *again = PyImport_AddModule("cy_added_mod2");
    show("PyImport_AddModule's module is in sys.modules",
         PyBool_FromLong(again != NULL && PyDict_GetItemString(modules, "cy_added_mod2") == again));
    Py_DECREF(name);
    Py_DECREF(m);
}

static void builtins_module(void)
{
    PyObject *b = PyImport_ImportModule("builtins");
    show("builtins.__name__", attr_of(b, "__name__"));
    PyObject *added = PyImport_AddModule("builtins");
    show("PyImport_AddModule('builtins') is the imported one", PyBool_FromLong(added == b));
    static const struct {
        const char *name;
        PyObject *expected;
    } same[] = {
        {"object", (PyObject *)&PyBaseObject_Type}, {"type", (PyObject *)&PyType_Type},
        {"int", (PyObject *)&PyLong_Type},          {"bool", (PyObject *)&PyBool_Type},
        {"float", (PyObject *)&PyFloat_Type},       {"complex", (PyObject *)&PyComplex_Type},
        {"str", (PyObject *)&PyUnicode_Type},       {"bytes", (PyObject *)&PyBytes_Type},
        {"bytearray", (PyObject *)&PyByteArray_Type}, {"memoryview", (PyObject *)&PyMemoryView_Type},
        {"tuple", (PyObject *)&PyTuple_Type},       {"list", (PyObject *)&PyList_Type},
        {"dict", (PyObject *)&PyDict_Type},         {"set", (PyObject *)&PySet_Type},
        {"frozenset", (PyObject *)&PyFrozenSet_Type}, {"slice", (PyObject *)&PySlice_Type},
        {"staticmethod", (PyObject *)&PyStaticMethod_Type},
        {"None", Py_None}, {"True", Py_True}, {"False", Py_False}, {"Ellipsis", Py_Ellipsis},
        {"NotImplemented", Py_NotImplemented},
    };
    char buf[120];
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        PyObject *got = attr_of(b, same[i].name);
        snprintf(buf, sizeof buf, "builtins.%s is the C object", same[i].name);
        show(buf, got ? PyBool_FromLong(got == same[i].expected) : NULL);
        Py_XDECREF(got);
    }
    static const char *const excs[] = {"BaseException", "Exception", "TypeError", "ValueError", "KeyError",
                                       "IndexError", "StopIteration", "OverflowError", "MemoryError", "OSError",
                                       "UnicodeDecodeError", "DeprecationWarning", "BufferError", "NameError"};
    for (size_t i = 0; i < sizeof excs / sizeof excs[0]; i++) {
        PyObject *got = attr_of(b, excs[i]);
        snprintf(buf, sizeof buf, "builtins.%s", excs[i]);
        show(buf, got ? PyUnicode_FromString(((PyTypeObject *)got)->tp_name) : NULL);
        Py_XDECREF(got);
    }
    show("builtins.__debug__", attr_of(b, "__debug__"));
    show("builtins.no_such_name", attr_of(b, "no_such_name"));

    PyObject *list = Py_BuildValue("[iii]", 1, 2, 3);
    PyObject *one = PyLong_FromLong(-5);
    show("len([1, 2, 3])", PyObject_CallMethod(b, "len", "(O)", list));
    show("len(-5)", PyObject_CallMethod(b, "len", "(O)", one));
    show("len()", PyObject_CallMethod(b, "len", "()"));
    show("len(1, 2)", PyObject_CallMethod(b, "len", "(ii)", 1, 2));
    show("abs(-5)", PyObject_CallMethod(b, "abs", "(O)", one));
    show("repr([1, 2, 3])", PyObject_CallMethod(b, "repr", "(O)", list));
    show("hash(-5)", PyObject_CallMethod(b, "hash", "(O)", one));
    show("hash([1, 2, 3])", PyObject_CallMethod(b, "hash", "(O)", list));
    show("callable(len)", PyObject_CallMethod(b, "callable", "(N)", PyObject_GetAttrString(b, "len")));
    show("callable(-5)", PyObject_CallMethod(b, "callable", "(O)", one));
    PyObject *id = PyObject_CallMethod(b, "id", "(O)", list);
    show("id(x) == (size_t)x", id ? PyBool_FromLong(PyLong_AsVoidPtr(id) == (void *)list) : NULL);
    Py_XDECREF(id);
    show("isinstance(-5, int)", PyObject_CallMethod(b, "isinstance", "(OO)", one, &PyLong_Type));
    show("isinstance(-5, (str, bytes))", PyObject_CallMethod(b, "isinstance", "(O(OO))", one, &PyUnicode_Type,
                                                             &PyBytes_Type));
    show("isinstance(-5)", PyObject_CallMethod(b, "isinstance", "(O)", one));
    show("isinstance(-5, 3)", PyObject_CallMethod(b, "isinstance", "(Oi)", one, 3));
    show("issubclass(bool, int)", PyObject_CallMethod(b, "issubclass", "(OO)", &PyBool_Type, &PyLong_Type));
    show("issubclass(1, int)", PyObject_CallMethod(b, "issubclass", "(iO)", 1, &PyLong_Type));
    show("getattr(builtins, '__name__')", PyObject_CallMethod(b, "getattr", "(Os)", b, "__name__"));
    show("getattr(-5, 'nope')", PyObject_CallMethod(b, "getattr", "(Os)", one, "nope"));
    show("getattr(-5, 'nope', 'dflt')", PyObject_CallMethod(b, "getattr", "(Oss)", one, "nope", "dflt"));
    show("getattr(-5, 1)", PyObject_CallMethod(b, "getattr", "(Oi)", one, 1));
    show("getattr(-5)", PyObject_CallMethod(b, "getattr", "(O)", one));
    show("getattr(1, 2, 3, 4)", PyObject_CallMethod(b, "getattr", "(iiii)", 1, 2, 3, 4));
    show("hasattr(builtins, '__name__')", PyObject_CallMethod(b, "hasattr", "(Os)", b, "__name__"));
    show("hasattr(-5, 'nope')", PyObject_CallMethod(b, "hasattr", "(Os)", one, "nope"));
    show("hasattr(-5, 1)", PyObject_CallMethod(b, "hasattr", "(Oi)", one, 1));
    PyObject *m = PyModule_New("holder");
    show("setattr(m, 'x', 5)", PyObject_CallMethod(b, "setattr", "(Osi)", m, "x", 5));
    show("m.x", attr_of(m, "x"));
    show("setattr(-5, 'x', 5)", PyObject_CallMethod(b, "setattr", "(Osi)", one, "x", 5));
    show("setattr(m, 'x')", PyObject_CallMethod(b, "setattr", "(Os)", m, "x"));
    PyObject *len = PyObject_GetAttrString(b, "len");
    PyObject *kw = Py_BuildValue("{s:O}", "obj", list);
    PyObject *noargs = PyTuple_New(0);
    show("len(obj=[1, 2, 3])", PyObject_Call(len, noargs, kw));
    show("len.__name__", attr_of(len, "__name__"));
    show("len.__module__", attr_of(len, "__module__"));
    Py_DECREF(noargs);
    Py_DECREF(kw);
    Py_DECREF(len);
    Py_DECREF(m);
    Py_DECREF(list);
    Py_DECREF(one);
    Py_XDECREF(b);
}

static void format(void)
{
    PyObject *s = PyUnicode_FromString("text"), *n = PyLong_FromLong(42), *empty = PyUnicode_FromString("");
    PyObject *spec = PyUnicode_FromString(">8"), *list = Py_BuildValue("[is]", 1, "a");
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    PyObject *r = PyObject_Format(s, NULL);
    show("PyObject_Format('text', NULL) is the str", PyBool_FromLong(r == s));
    Py_XDECREF(r);
    show("PyObject_Format(42, NULL)", PyObject_Format(n, NULL));
    show("PyObject_Format(42, '')", PyObject_Format(n, empty));
    show("PyObject_Format(True, '')", PyObject_Format(Py_True, empty));
    show("PyObject_Format([1, 'a'], NULL)", PyObject_Format(list, NULL));
    show("PyObject_Format(None, '')", PyObject_Format(Py_None, empty));
    PyObject *t = PyObject_Format(obj, NULL);
    const char *text = t ? PyUnicode_AsUTF8(t) : NULL;
    show("PyObject_Format(object(), NULL) starts like str()",
         text ? PyBool_FromLong(strncmp(text, "<object object at 0x", 20) == 0) : NULL);
    Py_XDECREF(t);
    show("PyObject_Format(object(), '>8')", PyObject_Format(obj, spec));
    show("PyObject_Format([1, 'a'], '>8')", PyObject_Format(list, spec));
    show("PyObject_Format(42, b'x')", PyObject_Format(n, (PyObject *)&PyBytes_Type));
    Py_DECREF(s);
    Py_DECREF(n);
    Py_DECREF(empty);
    Py_DECREF(spec);
    Py_DECREF(list);
    Py_DECREF(obj);
}

static void generic_getattr(void)
{
    PyObject *obj = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type);
    PyObject *cls = PyUnicode_FromString("__class__"), *nope = PyUnicode_FromString("nope");
    PyObject *x = PyUnicode_FromString("x");
    PyObject *d = Py_BuildValue("{s:i}", "x", 7);
    PyObject *r = _PyObject_GenericGetAttrWithDict(obj, cls, NULL, 0);
    show("_PyObject_GenericGetAttrWithDict(object(), '__class__', NULL, 0) is object",
         r ? PyBool_FromLong(r == (PyObject *)&PyBaseObject_Type) : NULL);
    Py_XDECREF(r);
    show("(object(), 'nope', NULL, 0)", _PyObject_GenericGetAttrWithDict(obj, nope, NULL, 0));
    r = _PyObject_GenericGetAttrWithDict(obj, nope, NULL, 1);
    show("(object(), 'nope', NULL, 1): NULL without error",
         PyBool_FromLong(r == NULL && PyErr_Occurred() == NULL));
    show("(object(), 'x', {'x': 7}, 0)", _PyObject_GenericGetAttrWithDict(obj, x, d, 0));
    show("(object(), '__class__', {'__class__': 7}, 0): the data descriptor wins",
         _PyObject_GenericGetAttrWithDict(obj, cls, Py_BuildValue("{s:i}", "__class__", 7), 0));
    Py_DECREF(obj);
    Py_DECREF(cls);
    Py_DECREF(nope);
    Py_DECREF(x);
    Py_DECREF(d);
}

static void next_not_implemented(void)
{
    PyObject *l = PyList_New(0);
    show("_PyObject_NextNotImplemented([])", _PyObject_NextNotImplemented(l));
    Py_DECREF(l);
}

static void show_copy(const char *what, PyObject *to, Py_ssize_t to_start, PyObject *from, Py_ssize_t from_start,
                      Py_ssize_t n)
{
    Py_ssize_t r = PyUnicode_CopyCharacters(to, to_start, from, from_start, n);
    if (r < 0) {
        if (from == (PyObject *)&PyBytes_Type)
            show_type(what, NULL);
        else
            show(what, NULL);
        return;
    }
    char buf[160];
    snprintf(buf, sizeof buf, "%s: copied", what);
    show(buf, PyLong_FromSsize_t(r));
    snprintf(buf, sizeof buf, "%s: result", what);
    show(buf, PyUnicode_FromKindAndData(PyUnicode_KIND(to), PyUnicode_DATA(to), PyUnicode_GET_LENGTH(to)));
}

static void copy_characters(void)
{
    PyObject *abc = PyUnicode_FromString("abc");
    PyObject *latin = PyUnicode_FromString("\xc3\xa9t\xc3\xa9");      /* été */
    PyObject *ucs2 = PyUnicode_FromString("\xe2\x82\xac" "1");         /* €1 */
    PyObject *ucs4 = PyUnicode_FromString("\xf0\x9f\x98\x80" "z");     /* 😀z */
    PyObject *ucs2_rev = PyUnicode_FromString("9" "\xe2\x82\xac");     /* 9€ */
    PyObject *to;

    to = PyUnicode_New(5, 127);
    for (Py_ssize_t i = 0; i < 5; i++)
        PyUnicode_WRITE(PyUnicode_KIND(to), PyUnicode_DATA(to), i, '.');
    show_copy("ascii[5] <- 'abc' at 1", to, 1, abc, 0, 3);
    show_copy("ascii[5] <- 'abc'[1:] at 0, how_many=10", to, 0, abc, 1, 10);
    show_copy("ascii[5] <- 'été' (latin1)", to, 0, latin, 0, 3);
    show_copy("ascii[5] <- 'été'[1:2] (ASCII part of latin1)", to, 0, latin, 1, 1);
    show_copy("ascii[5] <- '€1'", to, 0, ucs2, 0, 2);
    show_copy("ascii[5] <- '9€' (written up to the refused character)", to, 0, ucs2_rev, 0, 2);
    show_copy("ascii[5] <- '€1'[1:]", to, 4, ucs2, 1, 1);
    show_copy("ascii[5] <- 'abc' at 4, 3 chars", to, 4, abc, 0, 3);
    show_copy("ascii[5] <- 'abc' at 6", to, 6, abc, 0, 1);
    show_copy("ascii[5] <- 'abc'[4:]", to, 0, abc, 4, 1);
    show_copy("ascii[5] <- 'abc', how_many=-1", to, 0, abc, 0, -1);
    show_copy("ascii[5] <- 'abc', how_many=0", to, 0, abc, 0, 0);
    Py_INCREF(to);
    show_copy("shared ascii[5] <- 'abc'", to, 0, abc, 0, 3);
    show_copy("shared ascii[5] <- 'abc', how_many=0", to, 0, abc, 0, 0);
    Py_DECREF(to);
    show_copy("ascii[5] <- bytes", to, 0, (PyObject *)&PyBytes_Type, 0, 1);
    Py_DECREF(to);

    to = PyUnicode_New(4, 0xFFFF);
    for (Py_ssize_t i = 0; i < 4; i++)
        PyUnicode_WRITE(PyUnicode_KIND(to), PyUnicode_DATA(to), i, '.');
    show_copy("UCS2[4] <- 'été' at 1", to, 1, latin, 0, 3);
    show_copy("UCS2[4] <- '€1'", to, 0, ucs2, 0, 1);
    show_copy("UCS2[4] <- '😀z'", to, 0, ucs4, 0, 2);
    show_copy("UCS2[4] <- '😀z'[1:]", to, 0, ucs4, 1, 1);
    Py_DECREF(to);

    to = PyUnicode_New(3, 0x10FFFF);
    for (Py_ssize_t i = 0; i < 3; i++)
        PyUnicode_WRITE(PyUnicode_KIND(to), PyUnicode_DATA(to), i, '.');
    show_copy("UCS4[3] <- '😀z' at 1", to, 1, ucs4, 0, 2);
    show_copy("UCS4[3] <- 'é'", to, 0, latin, 0, 1);
    _PyUnicode_FastCopyCharacters(to, 0, abc, 2, 1);
    show("UCS4[3] after _PyUnicode_FastCopyCharacters('abc'[2:3] at 0)",
         PyUnicode_FromKindAndData(PyUnicode_KIND(to), PyUnicode_DATA(to), 3));
    Py_DECREF(to);

    to = PyUnicode_New(3, 255);
    _PyUnicode_FastCopyCharacters(to, 0, latin, 0, 3);
    show("latin1[3] after _PyUnicode_FastCopyCharacters('été')",
         PyUnicode_FromKindAndData(PyUnicode_KIND(to), PyUnicode_DATA(to), 3));
    Py_DECREF(to);
    Py_DECREF(abc);
    Py_DECREF(latin);
    Py_DECREF(ucs2);
    Py_DECREF(ucs4);
    Py_DECREF(ucs2_rev);
}

/* Cython 0.29's float addition, as it generates it (no semicolon after
   PyFPE_END_PROTECT). */
static double fpe_add(double a, double b)
{
    double result;
    PyFPE_START_PROTECT("add", return 0)
    result = a + b;
    PyFPE_END_PROTECT(result)
    return result;
}

static void fpe_macros(void)
{
    show("PyFPE-guarded 1.5 + 2.25", PyFloat_FromDouble(fpe_add(1.5, 2.25)));
    show("PyFPE-guarded 1e308 + 1e308", PyFloat_FromDouble(fpe_add(1e308, 1e308)));
}

int main(void)
{
    Py_Initialize();
    thread_state();
    code_objects();
    code_replace();
    frames_and_tracebacks();
    module_dict();
    builtins_module();
    format();
    generic_getattr();
    next_not_implemented();
    copy_characters();
    fpe_macros();
    return 0;
}
