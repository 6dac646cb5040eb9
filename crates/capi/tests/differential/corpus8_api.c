/* Differential cases for the API the corpus8 members (scripts/corpus.py:
 * dulwich's _diff_tree among them) added, all of it spellings CPython 3.11's
 * headers define as aliases and macros:
 *
 * - PyLong_AS_LONG (dulwich's _count_blocks adds to counts with it) and
 *   PyLong_AsPid / PyLong_FromPid / _Py_PARSE_PID: values in and out of
 *   range, a bool, a non-int (with the errors PyLong_AsLong raises);
 * - PyObject_MALLOC / PyObject_REALLOC / PyObject_FREE;
 * - Py_RETURN_NAN and Py_RETURN_INF (each sign, and a NaN's);
 * - PyImport_ImportModuleEx: a module, a submodule already in sys.modules
 *   (the top package comes back, as fromlist is empty; with a fromlist the
 *   submodule), and a missing module;
 * - the constants: Py_UNICODE_REPLACEMENT_CHARACTER, Py_LL / Py_ULL,
 *   Py_INVALID_SIZE, Py_HASH_ALGORITHM / Py_HASH_CUTOFF (against
 *   sys.hash_info), and that Py_UNICODE_WIDE, Py_VA_COPY, Py_ALIGNED and
 *   Py_NO_INLINE are usable;
 * - dict subscripts of a dict subclass with __missing__ (dulwich's
 *   _diff_tree counts into a defaultdict through its bound __getitem__):
 *   d[k], d.__getitem__(k), PyMapping_GetItemString, a __missing__ that
 *   raises, one that is not callable, a subclass without one, and the
 *   lookups that never call it (PyDict_GetItem*, `in`, dict.get);
 * - Py_ssize_clean_t, and internal/pycore_ucnhash.h (unicodedata2
 *   includes it with Py_BUILD_CORE): its capsule name, and the
 *   _PyUnicode_Name_CAPI of unicodedata's "_ucnhash_CAPI" capsule called
 *   through the header's struct (getname and getcode, aliases and named
 *   sequences, a short buffer, unknown names);
 * - the 3.8 spellings of the call API 3.11 keeps as aliases
 *   (_PyObject_Vectorcall, _PyObject_FastCallDict, _PyObject_CallOneArg,
 *   _PyObject_CallMethodNoArgs / OneArg, _PyObject_VectorcallMethod,
 *   _PyVectorcall_Function), _PyUnicode_AsString, _PyObject_SIZE /
 *   _PyObject_VAR_SIZE, _Py_PARSE_INTPTR / _Py_PARSE_UINTPTR, and the cast
 *   macros (_Py_CAST, _Py_STATIC_CAST, _Py_NULL, _PyVarObject_CAST,
 *   _PyType_CAST) and _Py_HOT_FUNCTION;
 * - _Py_IDENTIFIER and the functions taking one: _PyUnicode_FromId (one
 *   interned str per identifier), _PyObject_Get/Set/LookupAttrId,
 *   _PyDict_*Id, _PyObject_CallMethodId (with its PY_SSIZE_T_CLEAN "n"
 *   and "s#"), _PyObject_CallMethodIdObjArgs / NoArgs / OneArg,
 *   _PyType_LookupId, _PyObject_LookupSpecialId, _PyUnicode_EqualToASCIIId
 *   and _PyImport_GetModuleId, with missing names, NULL objects, non-dicts
 *   and an identifier that is not UTF-8.
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

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "case.h"

#define Py_BUILD_CORE
#include "internal/pycore_ucnhash.h"

/* The C long PyLong_AS_LONG gives for `o` (a new reference the case
   gives up), as an int, or its error. */
static void show_as_long(const char *what, PyObject *o)
{
    long v = PyLong_AS_LONG(o);
    Py_DECREF(o);
    show(what, v == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(v));
}

static void show_as_pid(const char *what, PyObject *o)
{
    pid_t v = PyLong_AsPid(o);
    Py_DECREF(o);
    show(what, v == -1 && PyErr_Occurred() ? NULL : PyLong_FromLongLong((long long)v));
}

static void long_cases(void)
{
    show_as_long("PyLong_AS_LONG(12345)", PyLong_FromLong(12345));
    show_as_long("PyLong_AS_LONG(-7)", PyLong_FromLong(-7));
    show_as_long("PyLong_AS_LONG(True)", Py_NewRef(Py_True));
    show_as_long("PyLong_AS_LONG(2**63)", PyLong_FromString("9223372036854775808", NULL, 10));
    show_as_long("PyLong_AS_LONG(-2**63)", PyLong_FromString("-9223372036854775808", NULL, 10));
    show_as_long("PyLong_AS_LONG('3')", PyUnicode_FromString("3"));
    show_as_long("PyLong_AS_LONG(2.5)", PyFloat_FromDouble(2.5));

    show_as_pid("PyLong_AsPid(4242)", PyLong_FromLong(4242));
    show_as_pid("PyLong_AsPid(-1)", PyLong_FromLong(-1));
    show_as_pid("PyLong_AsPid('x')", PyUnicode_FromString("x"));
    show("PyLong_FromPid(31337)", PyLong_FromPid((pid_t)31337));
    show("PyLong_FromPid(0)", PyLong_FromPid((pid_t)0));
    show("_Py_PARSE_PID", PyUnicode_FromString(_Py_PARSE_PID));

    /* _Py_PARSE_PID as a format unit, as posixmodule-style code uses it */
    pid_t pid = 0;
    PyObject *args = Py_BuildValue("(i)", 777);
    int ok = PyArg_ParseTuple(args, _Py_PARSE_PID ":kill", &pid);
    Py_DECREF(args);
    show("PyArg_ParseTuple((777,), _Py_PARSE_PID)", ok ? PyLong_FromLongLong((long long)pid) : NULL);
    args = Py_BuildValue("(s)", "no");
    ok = PyArg_ParseTuple(args, _Py_PARSE_PID ":kill", &pid);
    Py_DECREF(args);
    show("PyArg_ParseTuple(('no',), _Py_PARSE_PID \":kill\")", ok ? PyLong_FromLongLong((long long)pid) : NULL);
}

static void malloc_cases(void)
{
    char *p = PyObject_MALLOC(16);
    if (p == NULL) {
        show("PyObject_MALLOC(16)", NULL);
        return;
    }
    memcpy(p, "dulwich-packs", 14);
    char *q = PyObject_REALLOC(p, 4096);
    if (q == NULL) {
        PyObject_FREE(p);
        show("PyObject_REALLOC(p, 4096)", NULL);
        return;
    }
    memset(q + 14, 'x', 4096 - 15);
    q[4095] = '\0';
    show("PyObject_REALLOC keeps the bytes", PyUnicode_FromStringAndSize(q, 13));
    show("and the new tail is writable", PyLong_FromSize_t(strlen(q)));
    PyObject_FREE(q);
    show("PyObject_FREE(NULL) is harmless", (PyObject_FREE(NULL), Py_NewRef(Py_None)));
}

static PyObject *ret_nan(void) { Py_RETURN_NAN; }
static PyObject *ret_inf(double sign) { Py_RETURN_INF(sign); }

static void float_cases(void)
{
    PyObject *n = ret_nan();
    show("Py_RETURN_NAN", PyObject_Repr(n));
    show("Py_RETURN_NAN is a float", PyBool_FromLong(n && PyFloat_CheckExact(n)));
    Py_XDECREF(n);
    show("Py_RETURN_INF(1.0)", ret_inf(1.0));
    show("Py_RETURN_INF(-3.0)", ret_inf(-3.0));
    show("Py_RETURN_INF(0.0)", ret_inf(0.0));
    show("Py_RETURN_INF(-0.0)", ret_inf(-0.0));
    show("Py_RETURN_INF(-nan)", ret_inf(-Py_NAN));
}

static void import_cases(void)
{
    PyObject *m = PyImport_ImportModuleEx("zlib", NULL, NULL, NULL);
    show("PyImport_ImportModuleEx('zlib', NULL, NULL, NULL).__name__", m ? PyObject_GetAttrString(m, "__name__") : NULL);
    Py_XDECREF(m);
    /* a package and its submodule already in sys.modules, as a driver's
       stand-ins are */
    PyImport_AddModule("pb8pkg");
    PyImport_AddModule("pb8pkg.sub");
    m = PyImport_ImportModuleEx("pb8pkg.sub", NULL, NULL, NULL);
    show("PyImport_ImportModuleEx('pb8pkg.sub') gives the package", m ? PyObject_GetAttrString(m, "__name__") : NULL);
    Py_XDECREF(m);
    PyObject *from = Py_BuildValue("(s)", "sub");
    m = PyImport_ImportModuleEx("pb8pkg.sub", NULL, NULL, from);
    Py_DECREF(from);
    show("PyImport_ImportModuleEx('pb8pkg.sub', fromlist=('sub',)) gives the submodule",
         m ? PyObject_GetAttrString(m, "__name__") : NULL);
    Py_XDECREF(m);
    show("PyImport_ImportModuleEx('no_such_module_pb8')", PyImport_ImportModuleEx("no_such_module_pb8", NULL, NULL, NULL));
}

static Py_NO_INLINE long long add_varargs(int n, ...)
{
    va_list va, copy;
    va_start(va, n);
    Py_VA_COPY(copy, va);
    long long sum = 0;
    for (int i = 0; i < n; i++)
        sum += va_arg(copy, long long);
    va_end(copy);
    va_end(va);
    return sum;
}

static void constant_cases(void)
{
    show("Py_UNICODE_REPLACEMENT_CHARACTER", PyUnicode_FromOrdinal((int)Py_UNICODE_REPLACEMENT_CHARACTER));
    Py_UCS4 rep = Py_UNICODE_REPLACEMENT_CHARACTER;
    show("sizeof(Py_UNICODE_REPLACEMENT_CHARACTER) == sizeof(Py_UCS4)", PyBool_FromLong(sizeof(Py_UNICODE_REPLACEMENT_CHARACTER) == sizeof rep));
    PyObject *dec = PyUnicode_DecodeUTF8("a\xff", 2, "replace");
    show("b'a\\xff'.decode(errors='replace')[1] == Py_UNICODE_REPLACEMENT_CHARACTER",
         dec ? PyBool_FromLong(PyUnicode_ReadChar(dec, 1) == Py_UNICODE_REPLACEMENT_CHARACTER) : NULL);
    Py_XDECREF(dec);
    show("Py_LL(9007199254740993)", PyLong_FromLongLong(Py_LL(9007199254740993)));
    show("Py_ULL(18446744073709551615)", PyLong_FromUnsignedLongLong(Py_ULL(18446744073709551615)));
    show("Py_INVALID_SIZE", PyLong_FromSsize_t(Py_INVALID_SIZE));
    show("Py_VA_COPY over three long longs", PyLong_FromLongLong(add_varargs(3, 1LL, 20LL, 300LL)));
    static const char aligned[16] Py_ALIGNED(16) = "aligned";
    show("Py_ALIGNED(16)", PyBool_FromLong(((size_t)aligned % 16) == 0));
#ifdef Py_UNICODE_WIDE
    show("Py_UNICODE_WIDE", Py_NewRef(Py_True));
#else
    show("Py_UNICODE_WIDE", Py_NewRef(Py_False));
#endif
#ifdef Py_USING_UNICODE
    show("Py_USING_UNICODE", Py_NewRef(Py_True));
#else
    show("Py_USING_UNICODE", Py_NewRef(Py_False));
#endif
    show("Py_HASH_ALGORITHM == Py_HASH_SIPHASH13", PyBool_FromLong(Py_HASH_ALGORITHM == Py_HASH_SIPHASH13));
    show("Py_HASH_EXTERNAL, SIPHASH24, FNV, SIPHASH13",
         Py_BuildValue("(iiii)", Py_HASH_EXTERNAL, Py_HASH_SIPHASH24, Py_HASH_FNV, Py_HASH_SIPHASH13));
    show("Py_HASH_CUTOFF", PyLong_FromLong(Py_HASH_CUTOFF));
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *info = sys ? PyObject_GetAttrString(sys, "hash_info") : NULL;
    Py_XDECREF(sys);
    show("sys.hash_info.algorithm", info ? PyObject_GetAttrString(info, "algorithm") : NULL);
    PyObject *cutoff = info ? PyObject_GetAttrString(info, "cutoff") : NULL;
    show("sys.hash_info.cutoff == Py_HASH_CUTOFF", cutoff ? PyBool_FromLong(PyLong_AsLong(cutoff) == Py_HASH_CUTOFF) : NULL);
    Py_XDECREF(cutoff);
    Py_XDECREF(info);
}

static PyObject *missing_method(PyObject *self, PyObject *key)
{
    if (PyUnicode_Check(key) && PyUnicode_CompareWithASCIIString(key, "boom") == 0) {
        PyErr_SetString(PyExc_LookupError, "no boom here");
        return NULL;
    }
    /* store it, as defaultdict does, and give back ("missing", key) */
    PyObject *value = Py_BuildValue("(sO)", "missing", key);
    if (value != NULL && PyObject_SetItem(self, key, value) < 0)
        Py_CLEAR(value);
    return value;
}

static PyMethodDef missing_methods[] = {
    {"__missing__", missing_method, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot missing_slots[] = {{Py_tp_methods, missing_methods}, {0, NULL}};
static PyType_Slot plain_slots[] = {{0, NULL}};

static PyObject *dict_subclass(const char *name, PyType_Slot *slots)
{
    PyType_Spec spec = {name, 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots};
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyDict_Type);
    PyObject *t = bases ? PyType_FromSpecWithBases(&spec, bases) : NULL;
    Py_XDECREF(bases);
    return t;
}

static void missing_cases(void)
{
    PyObject *cls = dict_subclass("pb8.MissingDict", missing_slots);
    PyObject *d = cls ? PyObject_CallNoArgs(cls) : NULL;
    if (d == NULL) {
        show("a dict subclass with __missing__", NULL);
        Py_XDECREF(cls);
        return;
    }
    PyObject *one = PyLong_FromLong(1);
    PyDict_SetItemString(d, "present", one);
    PyObject *k = PyUnicode_FromString("present");
    show("d['present']", PyObject_GetItem(d, k));
    Py_DECREF(k);
    k = PyUnicode_FromString("absent");
    show("d['absent'] calls __missing__", PyObject_GetItem(d, k));
    show("... which stored it: len(d)", PyLong_FromSsize_t(PyDict_Size(d)));
    Py_DECREF(k);
    show("d.__getitem__(7)", PyObject_CallMethod(d, "__getitem__", "i", 7));
    show("PyMapping_GetItemString(d, 'via-mapping')", PyMapping_GetItemString(d, "via-mapping"));
    show("PyObject_GetItem(d, 'boom'): __missing__ raising", PyObject_GetItem(d, k = PyUnicode_FromString("boom")));
    Py_DECREF(k);
    show("d[[]]: an unhashable key", PyObject_GetItem(d, k = PyList_New(0)));
    Py_DECREF(k);
    k = PyUnicode_FromString("never");
    PyObject *got = PyDict_GetItem(d, k);
    show("PyDict_GetItem(d, 'never') does not call it", PyBool_FromLong(got == NULL && !PyErr_Occurred()));
    got = PyDict_GetItemWithError(d, k);
    show("PyDict_GetItemWithError(d, 'never') does not", PyBool_FromLong(got == NULL && !PyErr_Occurred()));
    show("PyDict_Contains(d, 'never')", PyLong_FromLong(PyDict_Contains(d, k)));
    show("PySequence_Contains(d, 'never')", PyLong_FromLong(PySequence_Contains(d, k)));
    show("d.get('never')", PyObject_CallMethod(d, "get", "O", k));
    show("d.pop('never', 0)", PyObject_CallMethod(d, "pop", "Oi", k, 0));
    show("d.pop('never')", PyObject_CallMethod(d, "pop", "O", k));
    show("len(d) at the end", PyLong_FromSsize_t(PyDict_Size(d)));
    show("dict.__getitem__(d, 'direct')", PyObject_CallMethod((PyObject *)&PyDict_Type, "__getitem__", "Os", d, "direct"));
    Py_DECREF(k);

    /* __missing__ replaced by something not callable */
    PyObject *forty_two = PyLong_FromLong(42);
    int rc = PyObject_SetAttrString(cls, "__missing__", forty_two);
    Py_DECREF(forty_two);
    show("cls.__missing__ = 42", rc == 0 ? Py_NewRef(Py_None) : NULL);
    show("d['x'] with __missing__ = 42", PyObject_GetItem(d, k = PyUnicode_FromString("x")));
    Py_DECREF(k);
    rc = PyObject_DelAttrString(cls, "__missing__");
    show("del cls.__missing__", rc == 0 ? Py_NewRef(Py_None) : NULL);
    show("d['x'] without __missing__", PyObject_GetItem(d, k = PyUnicode_FromString("x")));
    Py_DECREF(k);
    Py_DECREF(d);
    Py_DECREF(cls);
    Py_DECREF(one);

    PyObject *plain = dict_subclass("pb8.PlainDict", plain_slots);
    d = plain ? PyObject_CallNoArgs(plain) : NULL;
    show("a subclass without __missing__: d['x']", d ? PyObject_GetItem(d, k = PyUnicode_FromString("x")) : NULL);
    if (d)
        Py_DECREF(k);
    Py_XDECREF(d);
    Py_XDECREF(plain);
    d = PyDict_New();
    show("a plain dict: d[('a', 1)]", PyObject_GetItem(d, k = Py_BuildValue("(si)", "a", 1)));
    Py_DECREF(k);
    Py_DECREF(d);
}

static void ucnhash_cases(void)
{
    Py_ssize_clean_t n = 7;
    show("Py_ssize_clean_t: sizeof == sizeof(Py_ssize_t), a value",
         Py_BuildValue("(Nn)", PyBool_FromLong(sizeof n == sizeof(Py_ssize_t)), (Py_ssize_t)n));
    show("PyUnicodeData_CAPSULE_NAME", PyUnicode_FromString(PyUnicodeData_CAPSULE_NAME));
    PyObject *ud = PyImport_ImportModule("unicodedata");
    PyObject *cap = ud ? PyObject_GetAttrString(ud, "_ucnhash_CAPI") : NULL;
    Py_XDECREF(ud);
    _PyUnicode_Name_CAPI *api = cap ? PyCapsule_GetPointer(cap, PyUnicodeData_CAPSULE_NAME) : NULL;
    if (api == NULL) {
        show("unicodedata._ucnhash_CAPI", NULL);
        Py_XDECREF(cap);
        return;
    }
    static const Py_UCS4 codes[] = {0x41, 0x1F600, 0xAC00, 0x4E00, 0xFFFE, 0x1D0, 0xE000, 0x10FFFF};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        char buf[128], what[64];
        int ok = api->getname(codes[i], buf, (int)sizeof buf, 0);
        snprintf(what, sizeof what, "getname(U+%04X)", (unsigned)codes[i]);
        show(what, ok ? PyUnicode_FromString(buf) : PyUnicode_FromString("(no name)"));
    }
    char small[8];
    show("getname(U+1F600) into 8 bytes", PyLong_FromLong(api->getname(0x1F600, small, (int)sizeof small, 0)));
    static const char *const names[] = {"GRINNING FACE", "latin small letter a", "HANGUL SYLLABLE GAG",
                                        "CJK UNIFIED IDEOGRAPH-4E00", "LATIN CAPITAL LETTER GHA",
                                        "KEYCAP NUMBER SIGN", "NO SUCH NAME", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        for (int alias = 0; alias < 2; alias++) {
            Py_UCS4 code = 0;
            char what[96];
            int ok = api->getcode(names[i], (int)strlen(names[i]), &code, alias);
            snprintf(what, sizeof what, "getcode('%s', with_named_seq=%d)", names[i], alias);
            /* (a named sequence's code is its private-use index, 0xF0200 on) */
            show(what, Py_BuildValue("(iN)", ok, ok ? PyLong_FromUnsignedLong(code) : Py_NewRef(Py_None)));
        }
    }
    show("PyErr_Occurred() after them", PyBool_FromLong(PyErr_Occurred() != NULL));
    Py_DECREF(cap);
}

static _Py_HOT_FUNCTION PyObject *hot_sum(PyObject *a, PyObject *b) { return PyNumber_Add(a, b); }

static void alias_cases(void)
{
    PyObject *builtins = PyImport_ImportModule("builtins");
    PyObject *abs_fn = builtins ? PyObject_GetAttrString(builtins, "abs") : NULL;
    Py_XDECREF(builtins);
    PyObject *seven = PyLong_FromLong(-7);
    PyObject *args[2] = {NULL, seven};
    show("_PyObject_Vectorcall(abs, [-7])", _PyObject_Vectorcall(abs_fn, args + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, _Py_NULL));
    show("_PyObject_CallOneArg(abs, -7)", _PyObject_CallOneArg(abs_fn, seven));
    show("_PyObject_FastCallDict(abs, [-7], NULL)", _PyObject_FastCallDict(abs_fn, args + 1, 1, NULL));
    show("_PyObject_FastCallDict(abs, [], NULL)", _PyObject_FastCallDict(abs_fn, args + 1, 0, NULL));
    show("_PyVectorcall_Function(abs) is set", PyBool_FromLong(_PyVectorcall_Function(abs_fn) != NULL));
    PyObject *text = PyUnicode_FromString("MiXeD");
    PyObject *lower = PyUnicode_FromString("lower"), *count = PyUnicode_FromString("count"), *x = PyUnicode_FromString("X");
    show("_PyObject_CallMethodNoArgs('MiXeD', 'lower')", _PyObject_CallMethodNoArgs(text, lower));
    show("_PyObject_CallMethodOneArg('MiXeD', 'count', 'X')", _PyObject_CallMethodOneArg(text, count, x));
    PyObject *margs[2] = {text, x};
    show("_PyObject_VectorcallMethod('count', ['MiXeD', 'X'])", _PyObject_VectorcallMethod(count, margs, 2, NULL));
    show("_PyObject_CallMethodNoArgs('MiXeD', 'X'): no such method", _PyObject_CallMethodNoArgs(text, x));
    const char *utf8 = _PyUnicode_AsString(text);
    show("_PyUnicode_AsString('MiXeD')", utf8 ? PyBytes_FromString(utf8) : NULL);
    utf8 = _PyUnicode_AsString(seven);
    show("_PyUnicode_AsString(-7)", utf8 ? PyBytes_FromString(utf8) : NULL);
    show("hot_sum(-7, -7) through a _Py_HOT_FUNCTION", hot_sum(seven, seven));
    Py_DECREF(lower);
    Py_DECREF(count);
    Py_DECREF(x);
    Py_DECREF(text);
    Py_XDECREF(abs_fn);

    show("_PyObject_SIZE(&PyFloat_Type) == sizeof(PyFloatObject)",
         PyBool_FromLong(_PyObject_SIZE(&PyFloat_Type) == (Py_ssize_t)sizeof(PyFloatObject)));
    show("_PyObject_SIZE(&PyFloat_Type) == tp_basicsize",
         PyBool_FromLong(_PyObject_SIZE(&PyFloat_Type) == PyFloat_Type.tp_basicsize));
    size_t var = _PyObject_VAR_SIZE(&PyTuple_Type, 3);
    show("_PyObject_VAR_SIZE(&PyTuple_Type, 3): basicsize + 3 items, pointer-rounded",
         PyBool_FromLong(var == (size_t)(PyTuple_Type.tp_basicsize + 3 * PyTuple_Type.tp_itemsize) && var % sizeof(void *) == 0));
    show("_PyObject_VAR_SIZE(&PyBytes_Type, 5) % sizeof(void *)", PyLong_FromSize_t(_PyObject_VAR_SIZE(&PyBytes_Type, 5) % sizeof(void *)));
    show("_Py_PARSE_INTPTR, _Py_PARSE_UINTPTR", Py_BuildValue("(ss)", _Py_PARSE_INTPTR, _Py_PARSE_UINTPTR));
    intptr_t ip = 0;
    uintptr_t up = 0;
    PyObject *t = Py_BuildValue("(nn)", (Py_ssize_t)-123456789012, (Py_ssize_t)987654321098);
    int ok = PyArg_ParseTuple(t, _Py_PARSE_INTPTR _Py_PARSE_UINTPTR, &ip, &up);
    Py_DECREF(t);
    show("PyArg_ParseTuple through _Py_PARSE_INTPTR _Py_PARSE_UINTPTR",
         ok ? Py_BuildValue("(LK)", (long long)ip, (unsigned long long)up) : NULL);
    PyObject *tup = PyTuple_Pack(2, seven, seven);
    show("Py_SIZE through _PyVarObject_CAST", PyLong_FromSsize_t(_PyVarObject_CAST(tup)->ob_size));
    show("_PyType_CAST(&PyLong_Type)->tp_name", PyUnicode_FromString(_PyType_CAST((PyObject *)&PyLong_Type)->tp_name));
    show("_Py_CAST(PyTupleObject *, tup) item 0", Py_NewRef(_Py_CAST(PyTupleObject *, tup)->ob_item[0]));
    show("_Py_STATIC_CAST(int, 3.9)", PyLong_FromLong(_Py_STATIC_CAST(int, 3.9)));
    show("_Py_NULL == NULL", PyBool_FromLong(_Py_NULL == NULL));
    Py_DECREF(tup);
    Py_DECREF(seven);
}

_Py_IDENTIFIER(upper);
_Py_IDENTIFIER(split);
_Py_IDENTIFIER(count);
_Py_IDENTIFIER(__len__);
_Py_IDENTIFIER(sys);
_Py_IDENTIFIER(no_such_attribute_pb8);
_Py_static_string(PyId_key, "some key");
_Py_static_string(PyId_bad, "bad\xff");

static void identifier_cases(void)
{
    PyObject *a = _PyUnicode_FromId(&PyId_upper), *b = _PyUnicode_FromId(&PyId_upper);
    show("_PyUnicode_FromId(&PyId_upper)", Py_XNewRef(a));
    show("... the same object each time, its index set", PyBool_FromLong(a == b && PyId_upper.index >= 0));
    PyObject *interned = PyUnicode_InternFromString("upper");
    show("... the interned 'upper'", PyBool_FromLong(interned == a));
    Py_XDECREF(interned);
    show("_PyUnicode_FromId(&PyId_bad): not UTF-8", Py_XNewRef(_PyUnicode_FromId(&PyId_bad)));
    show("... and again", Py_XNewRef(_PyUnicode_FromId(&PyId_bad)));

    PyObject *text = PyUnicode_FromString("a,b,c");
    PyObject *m = _PyObject_GetAttrId(text, &PyId_upper);
    show("_PyObject_GetAttrId('a,b,c', upper)()", m ? PyObject_CallNoArgs(m) : NULL);
    Py_XDECREF(m);
    show("_PyObject_GetAttrId('a,b,c', no_such_attribute_pb8)", _PyObject_GetAttrId(text, &PyId_no_such_attribute_pb8));
    show("_PyObject_GetAttrId('a,b,c', bad)", _PyObject_GetAttrId(text, &PyId_bad));
    PyObject *found = NULL;
    int rc = _PyObject_LookupAttrId(text, &PyId_no_such_attribute_pb8, &found);
    show("_PyObject_LookupAttrId(missing): rc, result, error", Py_BuildValue("(iNN)", rc, PyBool_FromLong(found != NULL), PyBool_FromLong(PyErr_Occurred() != NULL)));
    rc = _PyObject_LookupAttrId(text, &PyId_split, &found);
    show("_PyObject_LookupAttrId(split): rc, result", Py_BuildValue("(iN)", rc, PyBool_FromLong(found != NULL)));
    Py_XDECREF(found);
    PyObject *mod = PyModule_New("pb8idmod");
    PyObject *one = PyLong_FromLong(1);
    rc = _PyObject_SetAttrId(mod, &PyId_count, one);
    show("_PyObject_SetAttrId(module, count, 1); getattr", rc == 0 ? PyObject_GetAttrString(mod, "count") : NULL);
    rc = _PyObject_SetAttrId(mod, &PyId_count, NULL);
    show("_PyObject_SetAttrId(module, count, NULL): deleted", rc == 0 ? PyBool_FromLong(!PyObject_HasAttrString(mod, "count")) : NULL);
    rc = _PyObject_SetAttrId(mod, &PyId_count, NULL);
    show("... deleting again", rc == 0 ? Py_NewRef(Py_None) : NULL);
    rc = _PyObject_SetAttrId(text, &PyId_count, one);
    show("_PyObject_SetAttrId('a,b,c', count, 1)", rc == 0 ? Py_NewRef(Py_None) : NULL);
    Py_DECREF(mod);

    PyObject *d = PyDict_New();
    rc = _PyDict_SetItemId(d, &PyId_key, one);
    show("_PyDict_SetItemId(d, 'some key', 1); d", rc == 0 ? Py_NewRef(d) : NULL);
    show("_PyDict_GetItemIdWithError(d, 'some key')", Py_XNewRef(_PyDict_GetItemIdWithError(d, &PyId_key)));
    PyObject *none = _PyDict_GetItemIdWithError(d, &PyId_upper);
    show("_PyDict_GetItemIdWithError(d, 'upper'): absent, no error", PyBool_FromLong(none == NULL && !PyErr_Occurred()));
    show("_PyDict_ContainsId(d, 'some key'), (d, 'upper')", Py_BuildValue("(ii)", _PyDict_ContainsId(d, &PyId_key), _PyDict_ContainsId(d, &PyId_upper)));
    rc = _PyDict_DelItemId(d, &PyId_key);
    show("_PyDict_DelItemId(d, 'some key'); len(d)", rc == 0 ? PyLong_FromSsize_t(PyDict_Size(d)) : NULL);
    rc = _PyDict_DelItemId(d, &PyId_key);
    show("_PyDict_DelItemId(d, 'some key') again", rc == 0 ? Py_NewRef(Py_None) : NULL);
    /* (the type only: CPython's message names its own source line) */
    rc = _PyDict_SetItemId(text, &PyId_key, one);
    show("_PyDict_SetItemId(a str, ...) raises SystemError", PyBool_FromLong(rc < 0 && PyErr_ExceptionMatches(PyExc_SystemError)));
    PyErr_Clear();
    PyObject *r = _PyDict_GetItemIdWithError(text, &PyId_key);
    show("_PyDict_GetItemIdWithError(a str, ...) raises SystemError", PyBool_FromLong(r == NULL && PyErr_ExceptionMatches(PyExc_SystemError)));
    PyErr_Clear();
    rc = _PyDict_SetItemId(d, &PyId_bad, one);
    show("_PyDict_SetItemId(d, bad, 1)", rc == 0 ? Py_NewRef(Py_None) : NULL);
    Py_DECREF(d);

    show("_PyObject_CallMethodId('a,b,c', split, \"s\", \",\")", _PyObject_CallMethodId(text, &PyId_split, "s", ","));
    show("_PyObject_CallMethodId('a,b,c', split, \"s#n\", \",\", 1, 1)", _PyObject_CallMethodId(text, &PyId_split, "s#n", ",", (Py_ssize_t)1, (Py_ssize_t)1));
    show("_PyObject_CallMethodId('a,b,c', upper, NULL)", _PyObject_CallMethodId(text, &PyId_upper, NULL));
    show("_PyObject_CallMethodId(NULL, upper, NULL)", _PyObject_CallMethodId(NULL, &PyId_upper, NULL));
    show("_PyObject_CallMethodId('a,b,c', no_such_attribute_pb8, NULL)", _PyObject_CallMethodId(text, &PyId_no_such_attribute_pb8, NULL));
    PyObject *comma = PyUnicode_FromString(",");
    show("_PyObject_CallMethodIdObjArgs('a,b,c', count, ',')", _PyObject_CallMethodIdObjArgs(text, &PyId_count, comma, NULL));
    show("_PyObject_CallMethodIdObjArgs('a,b,c', split, NULL)", _PyObject_CallMethodIdObjArgs(text, &PyId_split, NULL));
    show("_PyObject_CallMethodIdObjArgs(NULL, split)", _PyObject_CallMethodIdObjArgs(NULL, &PyId_split, NULL));
    show("_PyObject_CallMethodIdObjArgs('a,b,c', bad)", _PyObject_CallMethodIdObjArgs(text, &PyId_bad, NULL));
    show("_PyObject_CallMethodIdNoArgs('a,b,c', upper)", _PyObject_CallMethodIdNoArgs(text, &PyId_upper));
    show("_PyObject_CallMethodIdOneArg('a,b,c', count, ',')", _PyObject_CallMethodIdOneArg(text, &PyId_count, comma));
    show("_PyObject_CallMethodIdOneArg('a,b,c', upper, ',')", _PyObject_CallMethodIdOneArg(text, &PyId_upper, comma));
    Py_DECREF(comma);

    show("_PyType_LookupId(str, upper) is str.upper",
         PyBool_FromLong(_PyType_LookupId(&PyUnicode_Type, &PyId_upper) == PyDict_GetItemString(PyUnicode_Type.tp_dict, "upper")));
    PyObject *missing = _PyType_LookupId(&PyUnicode_Type, &PyId_no_such_attribute_pb8);
    show("_PyType_LookupId(str, missing): NULL, no error", PyBool_FromLong(missing == NULL && !PyErr_Occurred()));
    PyObject *len = _PyObject_LookupSpecialId(text, &PyId___len__);
    show("_PyObject_LookupSpecialId('a,b,c', __len__)()", len ? PyObject_CallNoArgs(len) : NULL);
    Py_XDECREF(len);
    len = _PyObject_LookupSpecialId(one, &PyId___len__);
    show("_PyObject_LookupSpecialId(1, __len__): NULL, no error", PyBool_FromLong(len == NULL && !PyErr_Occurred()));
    Py_XDECREF(len);
    PyObject *upper_text = PyUnicode_FromString("upper"), *other = PyUnicode_FromString("Upper");
    show("_PyUnicode_EqualToASCIIId('upper', upper), ('Upper', upper), (1, upper), ('upper', bad)",
         Py_BuildValue("(iiii)", _PyUnicode_EqualToASCIIId(upper_text, &PyId_upper), _PyUnicode_EqualToASCIIId(other, &PyId_upper),
                       _PyUnicode_EqualToASCIIId(one, &PyId_upper), _PyUnicode_EqualToASCIIId(upper_text, &PyId_bad)));
    show("... no error left", PyBool_FromLong(PyErr_Occurred() != NULL));
    Py_DECREF(upper_text);
    Py_DECREF(other);
    PyObject *sys = _PyImport_GetModuleId(&PyId_sys);
    show("_PyImport_GetModuleId(sys).__name__", sys ? PyObject_GetAttrString(sys, "__name__") : NULL);
    Py_XDECREF(sys);
    PyObject *nomod = _PyImport_GetModuleId(&PyId_no_such_attribute_pb8);
    show("_PyImport_GetModuleId(missing): NULL, no error", PyBool_FromLong(nomod == NULL && !PyErr_Occurred()));
    Py_DECREF(one);
    Py_DECREF(text);
}

int main(void)
{
    Py_Initialize();
    long_cases();
    malloc_cases();
    float_cases();
    import_cases();
    constant_cases();
    missing_cases();
    ucnhash_cases();
    alias_cases();
    identifier_cases();
    return 0;
}
