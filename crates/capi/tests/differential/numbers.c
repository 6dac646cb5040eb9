/* Differential cases for the numbers module (Lib/numbers.py): the five
 * ABCs (reprs, MROs, metaclass, sorted __abstractmethods__, the
 * instantiation errors, Number.__hash__ = None), the registrations
 * (complex, float, int; bool through int) seen by isinstance and
 * issubclass, the concrete mixin methods called through the class
 * (Complex.__bool__ / __sub__ / __rsub__, Real.__divmod__ / __rdivmod__ /
 * __complex__ / real / imag / conjugate, Rational.__float__,
 * Integral.__index__ / __float__ / numerator / denominator), the abstract
 * ones (NotImplementedError, None for Complex.__complex__), the methods'
 * argument errors and attributes, and classes deriving from int / float
 * and an ABC.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (see case.h) and the two outputs must match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *numbers;

static PyObject *get(const char *name)
{
    return PyObject_GetAttrString(numbers, name);
}

static PyObject *abstracts(PyObject *cls)
{
    PyObject *a = cls ? PyObject_GetAttrString(cls, "__abstractmethods__") : NULL;
    if (a == NULL)
        return NULL;
    PyObject *l = PySequence_List(a);
    if (l && PyList_Sort(l) < 0)
        Py_CLEAR(l);
    Py_DECREF(a);
    return l;
}

static PyObject *b(int r)
{
    return r < 0 ? NULL : PyBool_FromLong(r);
}

/* getattr(cls, name)(*args) from a Py_BuildValue format. */
static PyObject *callm(PyObject *cls, const char *name, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(cls, name);
    if (f == NULL)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *r = args ? PyObject_Call(f, args, NULL) : NULL;
    Py_XDECREF(args);
    Py_DECREF(f);
    return r;
}

/* cls.<prop>.__get__(obj) */
static PyObject *prop(PyObject *cls, const char *name, PyObject *obj)
{
    PyObject *p = PyObject_GetAttrString(cls, name);
    PyObject *r = p ? PyObject_CallMethod(p, "__get__", "O", obj) : NULL;
    Py_XDECREF(p);
    Py_DECREF(obj);
    return r;
}

int main(void)
{
    Py_Initialize();
    numbers = PyImport_ImportModule("numbers");
    show("import numbers", numbers ? PyUnicode_FromString(Py_TYPE(numbers)->tp_name) : NULL);
    if (numbers == NULL)
        return 1;
    show("__all__", get("__all__"));
    const char *names[] = {"Number", "Complex", "Real", "Rational", "Integral"};
    PyObject *cls[5];
    for (int i = 0; i < 5; i++) {
        char what[64];
        cls[i] = get(names[i]);
        snprintf(what, sizeof what, "%s", names[i]);
        show(what, PyObject_Repr(cls[i]));
        snprintf(what, sizeof what, "type(%s)", names[i]);
        show(what, PyObject_Type(cls[i]));
        snprintf(what, sizeof what, "%s.__mro__", names[i]);
        show(what, PyObject_GetAttrString(cls[i], "__mro__"));
        snprintf(what, sizeof what, "%s.__abstractmethods__", names[i]);
        show(what, abstracts(cls[i]));
        snprintf(what, sizeof what, "%s()", names[i]);
        PyObject *o = PyObject_CallNoArgs(cls[i]);
        show(what, o ? PyObject_Type(o) : NULL);
        Py_XDECREF(o);
        snprintf(what, sizeof what, "%s.__hash__", names[i]);
        show(what, PyObject_GetAttrString(cls[i], "__hash__"));
        snprintf(what, sizeof what, "%s.__slots__", names[i]);
        show(what, PyObject_GetAttrString(cls[i], "__slots__"));
        snprintf(what, sizeof what, "%s.__module__", names[i]);
        show(what, PyObject_GetAttrString(cls[i], "__module__"));
    }
    PyObject *Number = cls[0], *Complex = cls[1], *Real = cls[2], *Rational = cls[3], *Integral = cls[4];
    show("Complex.__doc__[:40]", PySequence_GetSlice(PyObject_GetAttrString(Complex, "__doc__"), 0, 40));
    show("Rational.__doc__", PyObject_GetAttrString(Rational, "__doc__"));

    /* Registrations. */
    PyObject *vals[] = {PyLong_FromLong(3), Py_NewRef(Py_True), PyFloat_FromDouble(1.5),
                        PyComplex_FromDoubles(1, 2), PyUnicode_FromString("s"), Py_NewRef(Py_None),
                        PyBytes_FromString("b")};
    const char *vnames[] = {"3", "True", "1.5", "1+2j", "'s'", "None", "b'b'"};
    for (int v = 0; v < 7; v++)
        for (int i = 0; i < 5; i++) {
            char what[64];
            snprintf(what, sizeof what, "isinstance(%s, %s)", vnames[v], names[i]);
            show(what, b(PyObject_IsInstance(vals[v], cls[i])));
        }
    PyObject *types[] = {(PyObject *)&PyLong_Type, (PyObject *)&PyBool_Type, (PyObject *)&PyFloat_Type,
                         (PyObject *)&PyComplex_Type, (PyObject *)&PyUnicode_Type};
    for (int t = 0; t < 5; t++)
        for (int i = 0; i < 5; i++) {
            char what[80];
            snprintf(what, sizeof what, "issubclass(%s, %s)", ((PyTypeObject *)types[t])->tp_name, names[i]);
            show(what, b(PyObject_IsSubclass(types[t], cls[i])));
        }
    show("issubclass(Integral, Number)", b(PyObject_IsSubclass(Integral, Number)));
    show("issubclass(Number, Integral)", b(PyObject_IsSubclass(Number, Integral)));

    /* Concrete mixins through the class. */
    show("Complex.__bool__(0)", callm(Complex, "__bool__", "(i)", 0));
    show("Complex.__bool__(3)", callm(Complex, "__bool__", "(i)", 3));
    show("Complex.__bool__(0.0j)", callm(Complex, "__bool__", "(D)", &(Py_complex){0, 0}));
    show("Complex.__sub__(5, 2)", callm(Complex, "__sub__", "(ii)", 5, 2));
    show("Complex.__rsub__(5, 2)", callm(Complex, "__rsub__", "(ii)", 5, 2));
    show("Complex.__sub__(5, 's')", callm(Complex, "__sub__", "(is)", 5, "s"));
    show("Real.__divmod__(7, 2)", callm(Real, "__divmod__", "(ii)", 7, 2));
    show("Real.__rdivmod__(7, 2)", callm(Real, "__rdivmod__", "(ii)", 7, 2));
    show("Real.__divmod__(7.5, 2)", callm(Real, "__divmod__", "(di)", 7.5, 2));
    show("Real.__divmod__(7, 0)", callm(Real, "__divmod__", "(ii)", 7, 0));
    show("Real.__complex__(5)", callm(Real, "__complex__", "(i)", 5));
    show("Real.__complex__(2.5)", callm(Real, "__complex__", "(d)", 2.5));
    show("Real.__complex__('x')", callm(Real, "__complex__", "(s)", "x"));
    show("Real.conjugate(5)", callm(Real, "conjugate", "(i)", 5));
    show("Real.real.__get__(5)", prop(Real, "real", PyLong_FromLong(5)));
    show("Real.imag.__get__(5)", prop(Real, "imag", PyLong_FromLong(5)));
    show("Rational.__float__(3)", callm(Rational, "__float__", "(i)", 3));
    show("Rational.__float__(1.5)", callm(Rational, "__float__", "(d)", 1.5));
    show("Integral.__index__(5.7)", callm(Integral, "__index__", "(d)", 5.7));
    show("Integral.__float__(3)", callm(Integral, "__float__", "(i)", 3));
    show("Integral.numerator.__get__(7)", prop(Integral, "numerator", PyLong_FromLong(7)));
    show("Integral.denominator.__get__(7)", prop(Integral, "denominator", PyLong_FromLong(7)));
    show("Rational.numerator.__get__(7)", prop(Rational, "numerator", PyLong_FromLong(7)));
    show("Complex.real.__get__(7)", prop(Complex, "real", PyLong_FromLong(7)));

    /* Abstract methods. */
    show("Complex.__add__(1, 2)", callm(Complex, "__add__", "(ii)", 1, 2));
    show("Complex.__complex__(1)", callm(Complex, "__complex__", "(i)", 1));
    show("Complex.__add__(1)", callm(Complex, "__add__", "(i)", 1));
    show("Complex.__add__(1, 2, 3)", callm(Complex, "__add__", "(iii)", 1, 2, 3));
    show("Complex.__neg__(1, 2)", callm(Complex, "__neg__", "(ii)", 1, 2));
    show("Real.__round__(1)", callm(Real, "__round__", "(i)", 1));
    show("Real.__round__(1, 2, 3)", callm(Real, "__round__", "(iii)", 1, 2, 3));
    show("Integral.__pow__()", callm(Integral, "__pow__", "()"));
    show("Integral.__pow__(1, 2, 3, 4)", callm(Integral, "__pow__", "(iiii)", 1, 2, 3, 4));
    PyObject *kw = Py_BuildValue("{si}", "other", 2);
    PyObject *f = PyObject_GetAttrString(Complex, "__sub__");
    PyObject *a1 = Py_BuildValue("(i)", 9);
    show("Complex.__sub__(9, other=2)", f ? PyObject_Call(f, a1, kw) : NULL);
    PyObject *kw2 = Py_BuildValue("{si}", "nope", 2);
    show("Complex.__sub__(9, nope=2)", f ? PyObject_Call(f, a1, kw2) : NULL);
    PyObject *a2 = Py_BuildValue("(ii)", 9, 1);
    show("Complex.__sub__(9, 1, other=2)", f ? PyObject_Call(f, a2, kw) : NULL);
    Py_XDECREF(a1);
    Py_XDECREF(a2);
    Py_XDECREF(kw);
    Py_XDECREF(kw2);
    show("Complex.__sub__.__name__", f ? PyObject_GetAttrString(f, "__name__") : NULL);
    show("Complex.__sub__.__qualname__", f ? PyObject_GetAttrString(f, "__qualname__") : NULL);
    show("hasattr(Complex.__sub__, '__isabstractmethod__')", f ? b(PyObject_HasAttrString(f, "__isabstractmethod__")) : NULL);
    Py_XDECREF(f);
    f = PyObject_GetAttrString(Complex, "__add__");
    show("Complex.__add__.__isabstractmethod__", f ? PyObject_GetAttrString(f, "__isabstractmethod__") : NULL);
    show("Complex.__add__.__qualname__", f ? PyObject_GetAttrString(f, "__qualname__") : NULL);
    Py_XDECREF(f);
    f = PyObject_GetAttrString(Complex, "real");
    show("type(Complex.real)", f ? PyObject_Type(f) : NULL);
    show("Complex.real.__isabstractmethod__", f ? PyObject_GetAttrString(f, "__isabstractmethod__") : NULL);
    Py_XDECREF(f);
    f = PyObject_GetAttrString(Real, "real");
    show("Real.real.__isabstractmethod__", f ? PyObject_GetAttrString(f, "__isabstractmethod__") : NULL);
    show("float.__floor__(2.5)", callm((PyObject *)&PyFloat_Type, "__floor__", "(d)", 2.5));
    show("float.__ceil__(2.5)", callm((PyObject *)&PyFloat_Type, "__ceil__", "(d)", 2.5));
    show("float.__floor__(-2.5)", callm((PyObject *)&PyFloat_Type, "__floor__", "(d)", -2.5));
    show("float.__ceil__(-0.5)", callm((PyObject *)&PyFloat_Type, "__ceil__", "(d)", -0.5));
    show("float.__floor__(1e300)", callm((PyObject *)&PyFloat_Type, "__floor__", "(d)", 1e300));
    show("float.__floor__(inf)", callm((PyObject *)&PyFloat_Type, "__floor__", "(d)", Py_HUGE_VAL));
    show("float.__ceil__(nan)", callm((PyObject *)&PyFloat_Type, "__ceil__", "(d)", Py_NAN));
    Py_XDECREF(f);

    /* Classes deriving from a built-in type and an ABC. */
    PyObject *MyReal = PyObject_CallFunction((PyObject *)&PyType_Type, "s(OO){}", "MyReal", &PyFloat_Type, Real);
    show("type(MyReal)", MyReal ? PyObject_Type(MyReal) : NULL);
    show("MyReal.__abstractmethods__", MyReal ? abstracts(MyReal) : NULL);
    PyObject *x = MyReal ? PyObject_CallFunction(MyReal, "(d)", 2.5) : NULL;
    show("MyReal(2.5)", x ? PyObject_Repr(x) : NULL);
    show("complex(MyReal(2.5)) via Real.__complex__", x ? PyObject_CallMethod(x, "__complex__", NULL) : NULL);
    show("MyReal(2.5) - 1", x ? PyNumber_Subtract(x, PyLong_FromLong(1)) : NULL);
    show("hash(MyReal(2.5)) == hash(2.5)", x ? b(PyObject_Hash(x) == PyObject_Hash(PyFloat_FromDouble(2.5))) : NULL);
    show("isinstance(MyReal(2.5), Rational)", x ? b(PyObject_IsInstance(x, Rational)) : NULL);
    show("isinstance(MyReal(2.5), Complex)", x ? b(PyObject_IsInstance(x, Complex)) : NULL);
    Py_XDECREF(x);
    PyObject *MyInt = PyObject_CallFunction((PyObject *)&PyType_Type, "s(OO){}", "MyInt", &PyLong_Type, Integral);
    show("MyInt.__abstractmethods__", MyInt ? abstracts(MyInt) : NULL);
    x = MyInt ? PyObject_CallFunction(MyInt, "(i)", 7) : NULL;
    show("MyInt(7)", x ? PyObject_Repr(x) : NULL);
    show("MyInt(7).denominator", x ? PyObject_GetAttrString(x, "denominator") : NULL);
    show("MyInt(7) // 2", x ? PyNumber_FloorDivide(x, PyLong_FromLong(2)) : NULL);
    Py_XDECREF(x);
    PyObject *N = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "N", Number);
    x = N ? PyObject_CallNoArgs(N) : NULL;
    show("N()", x ? PyObject_Type(x) : NULL);
    Py_hash_t h = x ? PyObject_Hash(x) : -1;
    show("hash(N())", h == -1 ? NULL : PyLong_FromSsize_t(h));
    show("isinstance(N(), Complex)", x ? b(PyObject_IsInstance(x, Complex)) : NULL);
    Py_XDECREF(x);
    PyObject *C = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "C", Complex);
    show("C.__abstractmethods__", C ? abstracts(C) : NULL);
    show("C()", C ? PyObject_CallNoArgs(C) : NULL);
    show("Integral.register(C)", C ? PyObject_CallMethod(Integral, "register", "O", C) : NULL);
    show("issubclass(C, Number)", C ? b(PyObject_IsSubclass(C, Number)) : NULL);
    show("issubclass(C, Real)", C ? b(PyObject_IsSubclass(C, Real)) : NULL);
    Py_XDECREF(C);
    Py_XDECREF(N);
    Py_XDECREF(MyInt);
    Py_XDECREF(MyReal);
    return 0;
}
