/* Differential cases for the `math` and `errno` modules as C code reaches
 * them through PyImport_ImportModule (CPython's Modules/mathmodule.c and
 * Modules/errnomodule.c): every math function over ordinary and special
 * values (signed zeros, infinities, NaN, subnormals, the largest double,
 * ints, bools, ints beyond the double range, objects with only __float__
 * or only __index__, __float__ returning a non-float or raising, wrong
 * types), the integer functions over big ints, fsum's exact rounding,
 * n-ary hypot and dist, prod with start=, isclose's keywords, log's base,
 * argument-count and keyword errors, and each function's __doc__ and
 * __text_signature__; errno's names, values, errorcode and order. Results
 * print through ascii(), so floats print exactly.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *math_mod, *errno_mod;

/* ---- argument objects -------------------------------------------------- */

static PyObject *F(double v) { return PyFloat_FromDouble(v); }
static PyObject *I(long v) { return PyLong_FromLong(v); }
static PyObject *S(const char *s) { return PyUnicode_FromString(s); }
static PyObject *BIG(const char *digits) { return PyLong_FromString(digits, NULL, 10); }

/* 10**e (or -10**e), an int of e+1 digits. */
static PyObject *TEN(long e, int negative)
{
    PyObject *ten = PyLong_FromLong(10), *exp = PyLong_FromLong(e);
    PyObject *r = PyNumber_Power(ten, exp, Py_None);
    Py_DECREF(ten);
    Py_DECREF(exp);
    if (r && negative) {
        PyObject *n = PyNumber_Negative(r);
        Py_DECREF(r);
        r = n;
    }
    return r;
}

static PyObject *NONE(void) { Py_INCREF(Py_None); return Py_None; }
static PyObject *TRUE_(void) { Py_INCREF(Py_True); return Py_True; }

/* A list of `n` new references (stolen). */
static PyObject *LIST(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    PyObject *l = PyList_New(n);
    for (int i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, va_arg(ap, PyObject *));
    va_end(ap);
    return l;
}

static PyObject *TUPLE(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    PyObject *t = PyTuple_New(n);
    for (int i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, va_arg(ap, PyObject *));
    va_end(ap);
    return t;
}

/* Types made with PyType_FromSpec: their reprs are fixed text so that
   labels do not carry addresses. */

static PyObject *ret_float(PyObject *self) { (void)self; return PyFloat_FromDouble(2.5); }
static PyObject *ret_index(PyObject *self) { (void)self; return PyLong_FromLong(7); }
static PyObject *ret_int_as_float(PyObject *self) { (void)self; return PyLong_FromLong(1); }
static PyObject *ret_error(PyObject *self)
{
    (void)self;
    PyErr_SetString(PyExc_RuntimeError, "boom");
    return NULL;
}
static PyObject *ret_ceil(PyObject *self, PyObject *unused) { (void)self; (void)unused; return PyUnicode_FromString("ceil!"); }
static PyObject *ret_floor(PyObject *self, PyObject *unused) { (void)self; (void)unused; return PyUnicode_FromString("floor!"); }
static PyObject *ret_trunc(PyObject *self, PyObject *unused) { (void)self; (void)unused; return PyUnicode_FromString("trunc!"); }

static PyObject *repr_floatonly(PyObject *self) { (void)self; return PyUnicode_FromString("FloatOnly()"); }
static PyObject *repr_indexonly(PyObject *self) { (void)self; return PyUnicode_FromString("IndexOnly()"); }
static PyObject *repr_badfloat(PyObject *self) { (void)self; return PyUnicode_FromString("BadFloat()"); }
static PyObject *repr_raiser(PyObject *self) { (void)self; return PyUnicode_FromString("Raiser()"); }
static PyObject *repr_rounder(PyObject *self) { (void)self; return PyUnicode_FromString("Rounder()"); }

static PyObject *make_type(const char *name, PyType_Slot *slots)
{
    PyType_Spec spec = {name, sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, slots};
    return PyType_FromSpec(&spec);
}

static PyObject *FloatOnly, *IndexOnly, *BadFloat, *Raiser, *Rounder, *IntSub, *FloatSub;

/* A subclass of `base` (its size inherited) with `slots`. */
static PyObject *make_subtype(const char *name, PyObject *base, PyType_Slot *slots)
{
    PyType_Spec spec = {name, 0, 0, Py_TPFLAGS_DEFAULT, slots};
    PyObject *bases = PyTuple_Pack(1, base);
    PyObject *t = bases ? PyType_FromSpecWithBases(&spec, bases) : NULL;
    Py_XDECREF(bases);
    return t;
}

static PyObject *repr_sub(PyObject *self)
{
    PyObject *v = PyLong_Check(self) ? PyNumber_Long(self) : PyFloat_FromDouble(PyFloat_AS_DOUBLE(self));
    PyObject *r = v ? PyUnicode_FromFormat("%s(%S)", Py_TYPE(self)->tp_name, v) : NULL;
    Py_XDECREF(v);
    return r;
}

static PyObject *NEW(PyObject *type) { return PyObject_CallNoArgs(type); }

static int make_types(void)
{
    static PyType_Slot floatonly[] = {
        {Py_nb_float, (void *)ret_float}, {Py_tp_repr, (void *)repr_floatonly}, {0, NULL}};
    static PyType_Slot indexonly[] = {
        {Py_nb_index, (void *)ret_index}, {Py_tp_repr, (void *)repr_indexonly}, {0, NULL}};
    static PyType_Slot badfloat[] = {
        {Py_nb_float, (void *)ret_int_as_float}, {Py_tp_repr, (void *)repr_badfloat}, {0, NULL}};
    static PyType_Slot raiser[] = {
        {Py_nb_float, (void *)ret_error}, {Py_nb_index, (void *)ret_error},
        {Py_tp_repr, (void *)repr_raiser}, {0, NULL}};
    static PyMethodDef rounder_methods[] = {
        {"__ceil__", ret_ceil, METH_NOARGS, NULL},
        {"__floor__", ret_floor, METH_NOARGS, NULL},
        {"__trunc__", ret_trunc, METH_NOARGS, NULL},
        {NULL, NULL, 0, NULL}};
    static PyType_Slot rounder[] = {
        {Py_nb_float, (void *)ret_float}, {Py_tp_methods, rounder_methods},
        {Py_tp_repr, (void *)repr_rounder}, {0, NULL}};
    FloatOnly = make_type("mathmod.FloatOnly", floatonly);
    IndexOnly = make_type("mathmod.IndexOnly", indexonly);
    BadFloat = make_type("mathmod.BadFloat", badfloat);
    Raiser = make_type("mathmod.Raiser", raiser);
    Rounder = make_type("mathmod.Rounder", rounder);
    /* an int whose __float__ says 2.5; a float with its own rounding */
    static PyType_Slot intsub[] = {
        {Py_nb_float, (void *)ret_float}, {Py_tp_repr, (void *)repr_sub}, {0, NULL}};
    static PyType_Slot floatsub[] = {
        {Py_tp_methods, rounder_methods}, {Py_tp_repr, (void *)repr_sub}, {0, NULL}};
    IntSub = make_subtype("IntSub", (PyObject *)&PyLong_Type, intsub);
    FloatSub = make_subtype("FloatSub", (PyObject *)&PyFloat_Type, floatsub);
    return FloatOnly && IndexOnly && BadFloat && Raiser && Rounder && IntSub && FloatSub ? 0 : -1;
}

/* ---- calls ------------------------------------------------------------- */

/* "name(a, b, k=v)" from the arguments' ascii(). */
static void label(char *buf, size_t size, const char *name, PyObject *args, PyObject *kw)
{
    size_t used = (size_t)snprintf(buf, size, "%s(", name);
    Py_ssize_t n = args ? PyTuple_GET_SIZE(args) : 0;
    for (Py_ssize_t i = 0; i < n && used < size; i++) {
        PyObject *r = PyObject_ASCII(PyTuple_GET_ITEM(args, i));
        const char *s = r ? PyUnicode_AsUTF8(r) : "?";
        if (strlen(s) > 60) {
            used += (size_t)snprintf(buf + used, size - used, "%s<%zu chars>", i ? ", " : "", strlen(s));
        } else {
            used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", s);
        }
        Py_XDECREF(r);
    }
    if (kw) {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        int first = n == 0;
        while (PyDict_Next(kw, &pos, &k, &v) && used < size) {
            PyObject *r = PyObject_ASCII(v);
            used += (size_t)snprintf(buf + used, size - used, "%s%s=%s", first ? "" : ", ",
                                     PyUnicode_AsUTF8(k), r ? PyUnicode_AsUTF8(r) : "?");
            first = 0;
            Py_XDECREF(r);
        }
    }
    if (used < size)
        snprintf(buf + used, size - used, ")");
    PyErr_Clear();
}

/* One case: module.name(*args, **kw); args and kw are stolen (kw may be
   NULL). */
static void call_in(PyObject *mod, const char *name, PyObject *args, PyObject *kw)
{
    char what[400];
    label(what, sizeof what, name, args, kw);
    PyObject *f = PyObject_GetAttrString(mod, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, kw) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(args);
    Py_XDECREF(kw);
    show(what, r);
}

/* math.name(<n positional new references>) */
static void C(const char *name, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    PyObject *t = PyTuple_New(n);
    for (int i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, va_arg(ap, PyObject *));
    va_end(ap);
    call_in(math_mod, name, t, NULL);
}

/* math.name(<n positional>, key1, value1, ..., NULL): keywords after the
   positional arguments. */
static void CK(const char *name, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    PyObject *t = PyTuple_New(n);
    for (int i = 0; i < n; i++)
        PyTuple_SET_ITEM(t, i, va_arg(ap, PyObject *));
    PyObject *kw = PyDict_New();
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        PyObject *v = va_arg(ap, PyObject *);
        PyDict_SetItemString(kw, key, v);
        Py_DECREF(v);
    }
    va_end(ap);
    call_in(math_mod, name, t, kw);
}

/* math.name through vectorcall with keyword names (the fastcall path). */
static void CV(const char *name, int npos, int nkw, ...)
{
    va_list ap;
    va_start(ap, nkw);
    PyObject *stack[8];
    PyObject *names = nkw ? PyTuple_New(nkw) : NULL;
    for (int i = 0; i < npos; i++)
        stack[i] = va_arg(ap, PyObject *);
    for (int i = 0; i < nkw; i++) {
        PyTuple_SET_ITEM(names, i, PyUnicode_FromString(va_arg(ap, const char *)));
        stack[npos + i] = va_arg(ap, PyObject *);
    }
    va_end(ap);
    char what[400];
    PyObject *args = PyTuple_New(npos + nkw);
    for (int i = 0; i < npos + nkw; i++) {
        Py_INCREF(stack[i]);
        PyTuple_SET_ITEM(args, i, stack[i]);
    }
    label(what, sizeof what, name, args, NULL);
    Py_DECREF(args);
    size_t len = strlen(what);
    snprintf(what + len, sizeof what - len, " vectorcall kwnames=%d", nkw);
    PyObject *f = PyObject_GetAttrString(math_mod, name);
    PyObject *r = f ? PyObject_Vectorcall(f, stack, (size_t)npos, names) : NULL;
    Py_XDECREF(f);
    Py_XDECREF(names);
    for (int i = 0; i < npos + nkw; i++)
        Py_DECREF(stack[i]);
    show(what, r);
}

/* ---- value tables ------------------------------------------------------ */

#define NVALUES 27
/* The i-th value of the one-argument table (a new reference). */
static PyObject *value(int i)
{
    switch (i) {
    case 0: return F(0.0);
    case 1: return F(-0.0);
    case 2: return F(0.5);
    case 3: return F(-0.5);
    case 4: return F(1.0);
    case 5: return F(-1.0);
    case 6: return F(2.0);
    case 7: return F(-2.5);
    case 8: return F(10.0);
    case 9: return F(100.5);
    case 10: return F(710.0);
    case 11: return F(-745.5);
    case 12: return F(1e-300);
    case 13: return F(5e-324);
    case 14: return F(DBL_MAX);
    case 15: return F(Py_HUGE_VAL);
    case 16: return F(-Py_HUGE_VAL);
    case 17: return F(Py_NAN);
    case 18: return I(3);
    case 19: return TRUE_();
    case 20: return TEN(400, 0);
    case 21: return S("x");
    case 22: return NONE();
    case 23: return NEW(FloatOnly);
    case 24: return NEW(IndexOnly);
    case 25: return NEW(BadFloat);
    default: return NEW(Raiser);
    }
}

#define NPAIR 11
static PyObject *pair_value(int i)
{
    switch (i) {
    case 0: return F(0.0);
    case 1: return F(-0.0);
    case 2: return F(1.0);
    case 3: return F(-1.0);
    case 4: return F(2.5);
    case 5: return F(-3.0);
    case 6: return F(Py_HUGE_VAL);
    case 7: return F(-Py_HUGE_VAL);
    case 8: return F(Py_NAN);
    case 9: return F(1e308);
    default: return F(5e-324);
    }
}

static const char *const UNARY[] = {
    "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "cos", "cosh",
    "degrees", "erf", "erfc", "exp", "exp2", "expm1", "fabs", "floor", "frexp",
    "gamma", "isfinite", "isinf", "isnan", "lgamma", "log", "log10", "log1p", "log2",
    "modf", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", "ulp", NULL};

static const char *const BINARY[] = {
    "atan2", "copysign", "fmod", "pow", "remainder", "nextafter", "hypot", NULL};

/* Each function's __doc__, __text_signature__, __name__, __module__. */
static void attributes(void)
{
    PyObject *d = PyModule_GetDict(math_mod);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(d, &pos, &k, &v)) {
        if (!PyCFunction_Check(v))
            continue;
        const char *name = PyUnicode_AsUTF8(k);
        char what[120];
        snprintf(what, sizeof what, "math.%s.__doc__", name);
        show(what, PyObject_GetAttrString(v, "__doc__"));
        snprintf(what, sizeof what, "math.%s.__text_signature__", name);
        show(what, PyObject_GetAttrString(v, "__text_signature__"));
        snprintf(what, sizeof what, "math.%s.__module__ and __name__", name);
        PyObject *m = PyObject_GetAttrString(v, "__module__");
        PyObject *n = PyObject_GetAttrString(v, "__name__");
        show(what, (m && n) ? PyTuple_Pack(2, m, n) : NULL);
        Py_XDECREF(m);
        Py_XDECREF(n);
    }
}

/* The module's names in order, without the dunder ones (CPython's math
   has a __file__). */
static void names_in_order(const char *what, PyObject *mod)
{
    PyObject *d = PyModule_GetDict(mod);
    PyObject *out = PyList_New(0);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(d, &pos, &k, &v)) {
        if (PyUnicode_Check(k) && strncmp(PyUnicode_AsUTF8(k), "__", 2) != 0)
            PyList_Append(out, k);
    }
    show(what, out);
}

static void errno_cases(void)
{
    names_in_order("errno names in order", errno_mod);
    show("errno.__doc__", PyObject_GetAttrString(errno_mod, "__doc__"));
    show("errno.__name__", PyObject_GetAttrString(errno_mod, "__name__"));
    PyObject *ec = PyObject_GetAttrString(errno_mod, "errorcode");
    show("type(errorcode)", ec ? Py_NewRef((PyObject *)Py_TYPE(ec)) : NULL);
    show("errorcode items in order", ec ? PyDict_Items(ec) : NULL);
    PyObject *items = ec ? PyDict_Items(ec) : NULL;
    if (items)
        PyList_Sort(items);
    show("sorted(errorcode.items())", items);
    show("len(errorcode)", ec ? PyLong_FromSsize_t(PyDict_Size(ec)) : NULL);
    /* every E* name: its value and errorcode's name for it */
    PyObject *d = PyModule_GetDict(errno_mod);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(d, &pos, &k, &v)) {
        const char *name = PyUnicode_AsUTF8(k);
        if (name[0] != 'E')
            continue;
        char what[120];
        snprintf(what, sizeof what, "errno.%s, errorcode[errno.%s]", name, name);
        PyObject *back = ec ? PyDict_GetItemWithError(ec, v) : NULL;
        show(what, back ? PyTuple_Pack(2, v, back) : NULL);
    }
    Py_XDECREF(ec);
    PyObject *again = PyImport_ImportModule("errno");
    show("import errno twice gives the same module", again ? PyBool_FromLong(again == errno_mod) : NULL);
    Py_XDECREF(again);
    PyObject *missing = PyObject_GetAttrString(errno_mod, "ENOTANERROR");
    show("errno.ENOTANERROR", missing);
}

int main(void)
{
    Py_Initialize();
    math_mod = PyImport_ImportModule("math");
    errno_mod = PyImport_ImportModule("errno");
    if (math_mod == NULL || errno_mod == NULL || make_types() < 0) {
        PyErr_Print();
        return 1;
    }

    /* ---- the module ---- */
    names_in_order("math names in order", math_mod);
    show("math.__doc__", PyObject_GetAttrString(math_mod, "__doc__"));
    show("math.__name__", PyObject_GetAttrString(math_mod, "__name__"));
    const char *consts[] = {"pi", "e", "tau", "inf", "nan"};
    for (int i = 0; i < 5; i++) {
        char what[40];
        snprintf(what, sizeof what, "math.%s", consts[i]);
        show(what, PyObject_GetAttrString(math_mod, consts[i]));
    }
    {
        PyObject *again = PyImport_ImportModule("math");
        show("import math twice gives the same module", again ? PyBool_FromLong(again == math_mod) : NULL);
        Py_XDECREF(again);
        PyObject *f = PyObject_GetAttrString(math_mod, "sqrt");
        show("repr(math.sqrt)", f ? PyObject_Repr(f) : NULL);
        Py_XDECREF(f);
        show("math.sumprod (3.12 only)", PyObject_GetAttrString(math_mod, "sumprod"));
    }
    {
        /* the other ways C code and Cython reach the modules */
        PyObject *name = PyUnicode_FromString("math");
        PyObject *m = PyImport_Import(name);
        show("PyImport_Import('math') is the module", m ? PyBool_FromLong(m == math_mod) : NULL);
        Py_XDECREF(m);
        PyObject *fromlist = Py_BuildValue("(s)", "sqrt");
        m = PyImport_ImportModuleLevelObject(name, NULL, NULL, fromlist, 0);
        show("__import__('math', fromlist=('sqrt',)) is the module", m ? PyBool_FromLong(m == math_mod) : NULL);
        Py_XDECREF(m);
        Py_DECREF(fromlist);
        Py_DECREF(name);
        PyObject *imp = PyDict_GetItemString(PyEval_GetBuiltins(), "__import__");
        m = imp ? PyObject_CallFunction(imp, "s", "errno") : NULL;
        show("builtins.__import__('errno') is the module", m ? PyBool_FromLong(m == errno_mod) : NULL);
        Py_XDECREF(m);
        PyObject *mods = PyImport_GetModuleDict();
        PyObject *in = mods ? PyDict_GetItemString(mods, "math") : NULL;
        show("sys.modules['math'] is the module", PyBool_FromLong(in == math_mod));
        in = mods ? PyDict_GetItemString(mods, "errno") : NULL;
        show("sys.modules['errno'] is the module", PyBool_FromLong(in == errno_mod));
    }
    attributes();

    /* ---- one-argument functions over the value table ---- */
    for (int f = 0; UNARY[f]; f++)
        for (int i = 0; i < NVALUES; i++)
            C(UNARY[f], 1, value(i));

    /* ---- two-argument functions over pairs ---- */
    for (int f = 0; BINARY[f]; f++)
        for (int i = 0; i < NPAIR; i++)
            for (int j = 0; j < NPAIR; j++)
                C(BINARY[f], 2, pair_value(i), pair_value(j));

    /* ---- ordinary values with exact answers to compare ---- */
    C("sqrt", 1, F(2.0));
    C("exp", 1, F(1.0));
    C("log", 1, F(2.718281828459045));
    C("sin", 1, F(3.141592653589793));
    C("cos", 1, F(1.0471975511965979));
    C("tan", 1, F(0.7853981633974483));
    C("atan", 1, F(1e300));
    C("gamma", 1, F(0.5));
    C("gamma", 1, F(5.5));
    C("gamma", 1, F(-0.5));
    C("gamma", 1, F(-1.5));
    C("gamma", 1, F(23.0));
    C("gamma", 1, F(24.0));
    C("gamma", 1, F(171.5));
    C("gamma", 1, F(171.7));
    C("gamma", 1, F(150.3));
    C("gamma", 1, F(-150.3));
    C("gamma", 1, F(-200.5));
    C("gamma", 1, F(-201.5));
    C("gamma", 1, F(1e-25));
    C("gamma", 1, F(-1e-25));
    C("gamma", 1, F(1e-310));
    C("gamma", 1, F(-3.0));
    C("lgamma", 1, F(0.5));
    C("lgamma", 1, F(3.0));
    C("lgamma", 1, F(-0.5));
    C("lgamma", 1, F(-2.5));
    C("lgamma", 1, F(1e-25));
    C("lgamma", 1, F(1e306));
    C("lgamma", 1, F(2.5e305));
    C("lgamma", 1, F(-4.0));
    C("lgamma", 1, F(7.3));
    C("lgamma", 1, F(-7.3));
    C("erf", 1, F(0.3));
    C("erfc", 1, F(5.0));
    C("erfc", 1, F(30.0));
    C("expm1", 1, F(1e-10));
    C("expm1", 1, F(-800.0));
    C("log1p", 1, F(1e-10));
    C("log1p", 1, F(-1.0));
    C("log1p", 1, F(-2.0));
    C("exp2", 1, F(1024.0));
    C("exp2", 1, F(-1074.0));
    C("exp2", 1, F(-1080.0));
    C("cbrt", 1, F(-27.0));
    C("atanh", 1, F(0.9999999999));
    C("acosh", 1, F(0.99));
    C("cosh", 1, F(-711.0));
    C("sinh", 1, F(-711.0));
    C("sin", 1, F(1e22));
    C("degrees", 1, F(3.141592653589793));
    C("radians", 1, F(180.0));
    C("degrees", 1, F(1e307));
    C("frexp", 1, F(-123.456));
    C("frexp", 1, F(5e-324));
    C("modf", 1, F(-3.75));
    C("modf", 1, F(1e300));
    C("ulp", 1, F(1.0));
    C("ulp", 1, F(-1e300));
    C("ulp", 1, I(10));
    C("ceil", 1, F(-0.5));
    C("ceil", 1, F(1e300));
    C("floor", 1, F(-0.5));
    C("floor", 1, F(1e20));
    C("trunc", 1, F(-3.9));
    C("ceil", 1, TEN(400, 1));
    C("floor", 1, TEN(400, 0));
    C("trunc", 1, TEN(30, 1));
    C("ceil", 1, NEW(Rounder));
    C("floor", 1, NEW(Rounder));
    C("trunc", 1, NEW(Rounder));
    C("fabs", 1, NEW(Rounder));
    C("ceil", 1, TRUE_());
    C("trunc", 1, TRUE_());
    C("floor", 1, BIG("-123456789012345678901234567890"));

    /* ---- int and float subclasses ---- */
    {
        static const char *const fns[] = {"sqrt", "log", "log2", "log10", "ceil", "floor", "trunc",
                                          "factorial", "isqrt", "frexp", "fabs", "gamma", NULL};
        for (int i = 0; fns[i]; i++) {
            C(fns[i], 1, PyObject_CallFunction(IntSub, "i", 10));
            C(fns[i], 1, PyObject_CallFunction(FloatSub, "d", 2.25));
        }
        C("fsum", 1, LIST(2, PyObject_CallFunction(IntSub, "i", 10), PyObject_CallFunction(FloatSub, "d", 0.5)));
        C("hypot", 2, PyObject_CallFunction(IntSub, "i", 10), PyObject_CallFunction(FloatSub, "d", 0.5));
        C("prod", 1, LIST(2, PyObject_CallFunction(IntSub, "i", 10), PyObject_CallFunction(IntSub, "i", 3)));
        C("gcd", 2, PyObject_CallFunction(IntSub, "i", 10), I(4));
        C("ldexp", 2, PyObject_CallFunction(FloatSub, "d", 0.5), PyObject_CallFunction(IntSub, "i", 3));
        C("comb", 2, PyObject_CallFunction(IntSub, "i", 10), PyObject_CallFunction(IntSub, "i", 3));
        C("log", 2, PyObject_CallFunction(IntSub, "i", 100), PyObject_CallFunction(IntSub, "i", 10));
    }

    /* ---- log with big ints and a base ---- */
    C("log", 1, TEN(10000, 0));
    C("log10", 1, TEN(10000, 0));
    C("log2", 1, TEN(10000, 0));
    C("log", 1, TEN(308, 0));
    C("log", 1, TEN(309, 0));
    C("log10", 1, TEN(309, 0));
    C("log2", 1, BIG("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216"));
    C("log2", 1, BIG("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791"));
    C("log", 1, TEN(10000, 1));
    C("log", 1, I(0));
    C("log", 1, I(-5));
    C("log2", 1, I(1024));
    C("log10", 1, I(1000));
    C("log", 2, F(8.0), F(2.0));
    C("log", 2, I(8), I(2));
    C("log", 2, TEN(10000, 0), I(10));
    C("log", 2, F(100.0), F(10.0));
    C("log", 2, F(2.0), F(1.0));
    C("log", 2, F(2.0), F(0.0));
    C("log", 2, F(2.0), F(-1.0));
    C("log", 2, F(0.0), F(2.0));
    C("log", 2, F(Py_HUGE_VAL), F(2.0));
    C("log", 2, F(2.0), F(Py_HUGE_VAL));
    C("log", 2, F(Py_NAN), F(2.0));
    C("log", 2, S("x"), F(2.0));
    C("log", 2, F(2.0), S("x"));
    C("log", 2, TRUE_(), F(2.0));
    C("log", 0);
    C("log", 3, F(1.0), F(2.0), F(3.0));
    CK("log", 1, F(1.0), "base", F(2.0), NULL);
    CK("log", 0, "x", F(2.0), NULL);

    /* ---- fsum ---- */
    C("fsum", 1, LIST(3, F(0.1), F(0.2), F(0.3)));
    C("fsum", 1, LIST(3, F(1e-16), F(1.0), F(1e16)));
    C("fsum", 1, LIST(4, F(1e308), F(1e308), F(-1e308), F(-1e308)));
    C("fsum", 1, LIST(3, F(1e308), F(1e308), F(1e-308)));
    C("fsum", 1, LIST(3, F(1e308), F(-1e308), F(1.0)));
    C("fsum", 1, LIST(2, F(Py_HUGE_VAL), F(1.0)));
    C("fsum", 1, LIST(2, F(Py_HUGE_VAL), F(-Py_HUGE_VAL)));
    C("fsum", 1, LIST(2, F(Py_NAN), F(1.0)));
    C("fsum", 1, LIST(2, F(Py_HUGE_VAL), F(Py_NAN)));
    C("fsum", 1, LIST(2, F(-Py_HUGE_VAL), F(-Py_HUGE_VAL)));
    C("fsum", 1, LIST(0));
    C("fsum", 1, LIST(2, F(-0.0), F(-0.0)));
    C("fsum", 1, LIST(3, I(1), TRUE_(), NEW(FloatOnly)));
    C("fsum", 1, LIST(2, I(1), TEN(400, 0)));
    C("fsum", 1, LIST(2, I(1), S("x")));
    C("fsum", 1, LIST(2, I(1), NEW(Raiser)));
    C("fsum", 1, S("12"));
    C("fsum", 1, I(5));
    C("fsum", 1, TUPLE(5, F(1.0), F(1e100), F(1.0), F(-1e100), F(1e-100)));
    C("fsum", 1, TUPLE(6, F(2.0), F(1e-16), F(1e-16), F(1e-16), F(1e-16), F(-2.0)));
    C("fsum", 1, TUPLE(4, F(1.7976931348623157e308), F(9.979201547673599e291), F(-1.7976931348623157e308), F(0.5)));
    C("fsum", 1, TUPLE(3, F(5e-324), F(5e-324), F(-1e-323)));
    {
        /* many terms: 0.1 a thousand times, and an alternating series */
        PyObject *l = PyList_New(0), *alt = PyList_New(0);
        for (int i = 0; i < 1000; i++) {
            PyObject *x = F(0.1);
            PyList_Append(l, x);
            Py_DECREF(x);
            x = F((i % 2 ? -1.0 : 1.0) / (i + 1.0));
            PyList_Append(alt, x);
            Py_DECREF(x);
        }
        C("fsum", 1, l);
        C("fsum", 1, alt);
    }
    C("fsum", 0);
    C("fsum", 2, LIST(0), LIST(0));
    CK("fsum", 0, "seq", LIST(0), NULL);

    /* ---- hypot (n-ary) and dist ---- */
    C("hypot", 0);
    C("hypot", 1, F(-3.0));
    C("hypot", 3, F(1.0), F(2.0), F(2.0));
    C("hypot", 4, F(1.0), F(2.0), F(3.0), F(4.0));
    C("hypot", 3, I(3), I(4), TRUE_());
    C("hypot", 2, F(1e308), F(1e308));
    C("hypot", 2, F(1e-320), F(1e-320));
    C("hypot", 3, F(5e-324), F(1e-323), F(1.5e-323));
    C("hypot", 2, F(2.2250738585072014e-308), F(5e-324));
    C("hypot", 3, F(Py_NAN), F(Py_HUGE_VAL), F(1.0));
    C("hypot", 2, F(Py_NAN), F(1.0));
    C("hypot", 2, F(1.0), S("x"));
    C("hypot", 2, F(1.0), TEN(400, 0));
    C("hypot", 2, NEW(FloatOnly), NEW(IndexOnly));
    {
        PyObject *t = PyTuple_New(20);
        for (int i = 0; i < 20; i++)
            PyTuple_SET_ITEM(t, i, F(i * 0.37 + 0.01));
        call_in(math_mod, "hypot", t, NULL);
    }
    CK("hypot", 1, F(1.0), "y", F(2.0), NULL);
    C("dist", 2, TUPLE(2, F(0.0), F(0.0)), TUPLE(2, F(3.0), F(4.0)));
    C("dist", 2, LIST(3, I(1), I(2), I(3)), TUPLE(3, F(4.0), F(6.0), F(3.0)));
    C("dist", 2, TUPLE(0), TUPLE(0));
    C("dist", 2, TUPLE(1, F(-2.5)), TUPLE(1, F(4.0)));
    C("dist", 2, TUPLE(2, F(1.0), F(2.0)), TUPLE(1, F(1.0)));
    C("dist", 2, TUPLE(2, F(1e308), F(-1e308)), TUPLE(2, F(-1e308), F(1e308)));
    C("dist", 2, TUPLE(2, F(Py_HUGE_VAL), F(1.0)), TUPLE(2, F(Py_HUGE_VAL), F(2.0)));
    C("dist", 2, TUPLE(2, F(Py_NAN), F(1.0)), TUPLE(2, F(0.0), F(2.0)));
    C("dist", 2, TUPLE(2, F(1.0), S("x")), TUPLE(2, F(0.0), F(2.0)));
    C("dist", 2, TUPLE(2, F(1.0), F(2.0)), TUPLE(2, S("y"), F(2.0)));
    C("dist", 2, S("ab"), TUPLE(2, F(0.0), F(2.0)));
    C("dist", 2, I(1), I(2));
    C("dist", 2, TUPLE(2, F(5e-324), F(0.0)), TUPLE(2, F(0.0), F(5e-324)));
    C("dist", 1, TUPLE(0));
    C("dist", 3, TUPLE(0), TUPLE(0), TUPLE(0));
    CK("dist", 1, TUPLE(0), "q", TUPLE(0), NULL);

    /* ---- prod ---- */
    C("prod", 1, LIST(4, I(1), I(2), I(3), I(4)));
    C("prod", 1, LIST(0));
    C("prod", 1, LIST(3, F(1.5), I(2), F(0.1)));
    C("prod", 1, LIST(3, I(3037000499), I(3037000499), I(3)));
    C("prod", 1, LIST(3, TEN(30, 0), TEN(30, 1), I(-1)));
    C("prod", 1, LIST(2, S("ab"), I(3)));
    C("prod", 1, LIST(2, I(3), S("ab")));
    C("prod", 1, LIST(2, S("ab"), S("cd")));
    C("prod", 1, LIST(2, F(1e200), F(1e200)));
    C("prod", 1, LIST(2, TRUE_(), TRUE_()));
    C("prod", 1, LIST(2, F(2.0), TEN(400, 0)));
    CK("prod", 1, LIST(2, I(2), I(3)), "start", F(0.5), NULL);
    CK("prod", 1, LIST(0), "start", S("s"), NULL);
    CK("prod", 1, LIST(1, I(3)), "start", S("s"), NULL);
    CK("prod", 1, LIST(2, I(2), I(3)), "start", TEN(25, 0), NULL);
    CK("prod", 1, LIST(0), "begin", I(2), NULL);
    CK("prod", 0, "iterable", LIST(0), NULL);
    C("prod", 2, LIST(0), I(2));
    C("prod", 0);
    C("prod", 1, I(5));
    C("prod", 1, TUPLE(3, F(2.0), I(3), NEW(IndexOnly)));
    CV("prod", 1, 1, LIST(2, I(2), I(5)), "start", I(10));
    CV("prod", 1, 1, LIST(0), "nope", I(10));

    /* ---- isclose ---- */
    C("isclose", 2, F(1.0), F(1.0 + 1e-10));
    C("isclose", 2, F(1.0), F(1.0 + 1e-8));
    C("isclose", 2, F(0.0), F(1e-300));
    C("isclose", 2, F(Py_HUGE_VAL), F(Py_HUGE_VAL));
    C("isclose", 2, F(Py_HUGE_VAL), F(-Py_HUGE_VAL));
    C("isclose", 2, F(Py_NAN), F(Py_NAN));
    C("isclose", 2, F(1e308), F(Py_HUGE_VAL));
    C("isclose", 2, I(1), TRUE_());
    CK("isclose", 2, F(1.0), F(1.1), "rel_tol", F(0.2), NULL);
    CK("isclose", 2, F(1.0), F(1.1), "abs_tol", F(0.05), NULL);
    CK("isclose", 2, F(0.0), F(1e-300), "abs_tol", F(1e-299), NULL);
    CK("isclose", 2, F(1.0), F(1.0), "rel_tol", F(-1.0), NULL);
    CK("isclose", 2, F(1.0), F(2.0), "abs_tol", F(-0.5), NULL);
    CK("isclose", 0, "a", F(1.0), "b", F(1.0), NULL);
    CK("isclose", 1, F(1.0), "b", F(1.0), NULL);
    CK("isclose", 1, F(1.0), "a", F(1.0), NULL);
    CK("isclose", 2, F(1.0), F(1.0), "tol", F(1.0), NULL);
    CK("isclose", 2, F(1.0), F(1.0), "rel_tol", S("x"), NULL);
    CK("isclose", 2, F(1.0), F(1.0), "abs_tol", NONE(), NULL);
    C("isclose", 3, F(1.0), F(1.0), F(0.1));
    C("isclose", 1, F(1.0));
    C("isclose", 0);
    C("isclose", 2, S("1"), F(1.0));
    C("isclose", 2, F(1.0), NONE());
    CV("isclose", 2, 2, F(1.0), F(1.05), "rel_tol", F(0.01), "abs_tol", F(0.1));
    CV("isclose", 1, 1, F(1.0), "b", F(1.0));
    CV("isclose", 2, 1, F(1.0), F(1.0), "b", F(1.0));

    /* ---- gcd and lcm ---- */
    C("gcd", 0);
    C("gcd", 1, I(-12));
    C("gcd", 2, I(12), I(18));
    C("gcd", 2, I(-12), I(18));
    C("gcd", 2, I(0), I(0));
    C("gcd", 2, I(0), I(-7));
    C("gcd", 4, I(12), I(18), I(30), I(-42));
    C("gcd", 3, I(1), I(5), F(1.5));
    C("gcd", 2, F(12.0), I(18));
    C("gcd", 2, TRUE_(), I(18));
    C("gcd", 2, NEW(IndexOnly), I(14));
    C("gcd", 2, NEW(Raiser), I(14));
    C("gcd", 1, S("x"));
    C("gcd", 1, TRUE_());
    C("gcd", 2, TEN(100, 0), TEN(80, 1));
    C("gcd", 2, BIG("123456789012345678901234567890123456789"), BIG("987654321098765432109876543210"));
    CK("gcd", 1, I(4), "b", I(6), NULL);
    C("lcm", 0);
    C("lcm", 1, I(-12));
    C("lcm", 2, I(4), I(6));
    C("lcm", 2, I(-4), I(6));
    C("lcm", 3, I(0), I(6), S("x"));
    C("lcm", 3, I(2), I(3), I(0));
    C("lcm", 5, I(2), I(3), I(4), I(5), I(-7));
    C("lcm", 2, TEN(50, 0), BIG("123456789012345678901"));
    C("lcm", 2, F(2.0), I(3));
    C("lcm", 2, I(2), NEW(IndexOnly));
    CK("lcm", 0, "a", I(6), NULL);

    /* ---- isqrt ---- */
    C("isqrt", 1, I(0));
    C("isqrt", 1, I(1));
    C("isqrt", 1, I(15));
    C("isqrt", 1, I(16));
    C("isqrt", 1, I(-1));
    C("isqrt", 1, BIG("18446744073709551615"));
    C("isqrt", 1, BIG("18446744073709551616"));
    C("isqrt", 1, BIG("340282366920938463463374607431768211455"));
    C("isqrt", 1, TEN(101, 0));
    C("isqrt", 1, TEN(1000, 0));
    C("isqrt", 1, TRUE_());
    C("isqrt", 1, F(4.0));
    C("isqrt", 1, NEW(IndexOnly));
    C("isqrt", 1, S("4"));
    C("isqrt", 0);
    C("isqrt", 2, I(1), I(2));
    CK("isqrt", 0, "n", I(4), NULL);

    /* ---- factorial ---- */
    C("factorial", 1, I(0));
    C("factorial", 1, I(1));
    C("factorial", 1, I(5));
    C("factorial", 1, I(20));
    C("factorial", 1, I(21));
    C("factorial", 1, I(30));
    C("factorial", 1, I(100));
    C("factorial", 1, I(1000));
    C("factorial", 1, I(-1));
    C("factorial", 1, TEN(30, 1));
    C("factorial", 1, TEN(30, 0));
    C("factorial", 1, BIG("9223372036854775808"));
    C("factorial", 1, F(5.0));
    C("factorial", 1, TRUE_());
    C("factorial", 1, NEW(IndexOnly));
    C("factorial", 1, NEW(Raiser));
    C("factorial", 1, S("5"));
    C("factorial", 1, NONE());
    C("factorial", 0);
    CK("factorial", 0, "n", I(4), NULL);

    /* ---- perm and comb ---- */
    C("perm", 1, I(5));
    C("perm", 2, I(5), NONE());
    C("perm", 2, I(5), I(2));
    C("perm", 2, I(5), I(0));
    C("perm", 2, I(5), I(5));
    C("perm", 2, I(5), I(6));
    C("perm", 2, I(0), I(0));
    C("perm", 2, I(30), I(20));
    C("perm", 2, I(200), I(100));
    C("perm", 2, TEN(30, 0), I(3));
    C("perm", 2, TEN(30, 0), I(1));
    C("perm", 2, I(-1), I(2));
    C("perm", 2, I(5), I(-2));
    C("perm", 2, I(-5), I(-2));
    C("perm", 2, F(5.0), I(2));
    C("perm", 2, I(5), F(2.0));
    C("perm", 2, I(5), TEN(30, 0));
    C("perm", 2, TEN(30, 0), TEN(25, 0));
    C("perm", 2, TEN(30, 0), BIG("9223372036854775808"));
    C("perm", 1, I(-3));
    C("perm", 1, F(3.0));
    C("perm", 2, NEW(IndexOnly), I(2));
    C("perm", 2, TRUE_(), TRUE_());
    C("perm", 0);
    C("perm", 3, I(1), I(2), I(3));
    CK("perm", 1, I(5), "k", I(2), NULL);
    C("comb", 2, I(5), I(2));
    C("comb", 2, I(5), I(0));
    C("comb", 2, I(5), I(5));
    C("comb", 2, I(5), I(6));
    C("comb", 2, I(0), I(0));
    C("comb", 2, I(60), I(30));
    C("comb", 2, I(67), I(33));
    C("comb", 2, I(68), I(34));
    C("comb", 2, I(1000), I(500));
    C("comb", 2, I(1000), I(998));
    C("comb", 2, TEN(30, 0), I(3));
    C("comb", 2, TEN(30, 0), I(1));
    C("comb", 2, TEN(30, 0), TEN(30, 0));
    C("comb", 2, TEN(30, 0), TEN(31, 0));
    C("comb", 2, TEN(30, 0), TEN(25, 0));
    C("comb", 2, BIG("9223372036854775807"), I(2));
    C("comb", 2, I(5), TEN(30, 0));
    C("comb", 2, I(-1), I(2));
    C("comb", 2, I(5), I(-2));
    C("comb", 2, F(5.0), I(2));
    C("comb", 2, I(5), S("2"));
    C("comb", 2, NEW(IndexOnly), I(3));
    C("comb", 2, TRUE_(), TRUE_());
    C("comb", 1, I(5));
    C("comb", 3, I(5), I(2), I(1));
    CK("comb", 1, I(5), "k", I(2), NULL);

    /* ---- ldexp, frexp, modf, nextafter, ulp, copysign extras ---- */
    C("ldexp", 2, F(1.0), I(10));
    C("ldexp", 2, F(1.0), I(1024));
    C("ldexp", 2, F(-1.0), I(1024));
    C("ldexp", 2, F(1.0), I(-1074));
    C("ldexp", 2, F(1.0), I(-1075));
    C("ldexp", 2, F(0.75), I(-1074));
    C("ldexp", 2, F(1.0), TEN(30, 0));
    C("ldexp", 2, F(-1.0), TEN(30, 1));
    C("ldexp", 2, F(1.0), I(2147483648L));
    C("ldexp", 2, F(1.0), I(-2147483649L));
    C("ldexp", 2, F(0.0), TEN(30, 0));
    C("ldexp", 2, F(Py_HUGE_VAL), I(-10000));
    C("ldexp", 2, F(Py_NAN), I(3));
    C("ldexp", 2, I(3), I(2));
    C("ldexp", 2, F(1.0), F(2.0));
    C("ldexp", 2, F(1.0), TRUE_());
    C("ldexp", 2, F(1.0), NEW(IndexOnly));
    C("ldexp", 2, S("x"), F(2.0));
    C("ldexp", 2, TEN(400, 0), I(2));
    C("ldexp", 1, F(1.0));
    C("ldexp", 3, F(1.0), I(1), I(2));
    C("nextafter", 2, F(1.0), F(2.0));
    C("nextafter", 2, F(0.0), F(-1.0));
    C("nextafter", 2, F(DBL_MAX), F(Py_HUGE_VAL));
    C("nextafter", 2, I(1), I(0));
    C("nextafter", 1, F(1.0));
    C("copysign", 2, I(3), F(-0.0));
    C("copysign", 1, F(1.0));
    C("atan2", 3, F(1.0), F(1.0), F(1.0));
    C("pow", 2, F(-8.0), F(1.0 / 3.0));
    C("pow", 2, F(-2.0), F(3.0));
    C("pow", 2, F(2.0), F(-1074.0));
    C("pow", 2, F(2.0), F(-1075.0));
    C("pow", 2, F(10.0), F(308.0));
    C("pow", 2, F(10.0), F(309.0));
    C("pow", 2, I(2), I(10));
    C("pow", 2, F(-0.0), F(-3.0));
    C("pow", 2, F(-0.0), F(-2.0));
    C("pow", 2, F(Py_HUGE_VAL), F(-3.0));
    C("pow", 2, F(-Py_HUGE_VAL), F(3.0));
    C("pow", 2, F(-Py_HUGE_VAL), F(-3.0));
    C("pow", 2, F(-Py_HUGE_VAL), F(2.5));
    C("pow", 2, F(-1.0), F(Py_HUGE_VAL));
    C("pow", 2, F(0.5), F(-Py_HUGE_VAL));
    C("pow", 2, F(Py_NAN), F(0.0));
    C("pow", 2, F(1.0), F(Py_NAN));
    C("pow", 3, F(1.0), F(2.0), F(3.0));
    C("fmod", 2, F(-7.5), F(2.0));
    C("fmod", 2, F(7.5), F(-2.0));
    C("fmod", 2, F(1e308), F(3.0));
    C("fmod", 2, I(7), I(3));
    C("fmod", 1, F(1.0));
    C("remainder", 2, F(5.0), F(2.0));
    C("remainder", 2, F(7.0), F(2.0));
    C("remainder", 2, F(-5.0), F(2.0));
    C("remainder", 2, F(2.5), F(1.0));
    C("remainder", 2, F(3.5), F(1.0));
    C("remainder", 2, F(1e308), F(3.0));
    C("remainder", 2, F(5e-324), F(1e-323));
    C("remainder", 2, F(1.5e-323), F(1e-323));
    C("remainder", 0);
    C("atan2", 2, F(1.0), F(-1.0));
    C("atan2", 2, F(-0.0), F(-1.0));

    /* ---- argument counts and keywords of METH_O functions ---- */
    C("sqrt", 0);
    C("sqrt", 2, F(1.0), F(2.0));
    CK("sqrt", 0, "x", F(4.0), NULL);
    CK("sqrt", 1, F(4.0), "x", F(4.0), NULL);
    C("ceil", 0);
    CK("floor", 0, "x", F(4.0), NULL);
    C("frexp", 2, F(1.0), F(2.0));
    C("ulp", 0);
    CK("gamma", 0, "x", F(4.0), NULL);
    CK("atan2", 2, F(1.0), F(2.0), "z", F(1.0), NULL);
    CK("pow", 0, "x", F(4.0), "y", F(2.0), NULL);
    CV("fmod", 2, 1, F(1.0), F(2.0), "w", F(3.0));
    C("trunc", 0);
    C("isnan", 2, F(1.0), F(2.0));

    errno_cases();

    Py_DECREF(math_mod);
    Py_DECREF(errno_mod);
    Py_XDECREF(FloatOnly);
    Py_XDECREF(IndexOnly);
    Py_XDECREF(BadFloat);
    Py_XDECREF(Raiser);
    Py_XDECREF(Rounder);
    Py_XDECREF(IntSub);
    Py_XDECREF(FloatSub);
    return 0;
}
