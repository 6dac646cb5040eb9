/* Differential cases for CPython's shared small ints (-5 to 256,
 * Objects/longobject.c's get_small_int): which int-making paths return the
 * shared object and which a new one. C code sees this through identity
 * (`a == b` on two results) and through reference counts.
 *
 * Each case makes the same value two ways and prints whether the results
 * are one object, and the value. Built against CPython 3.11 and against
 * pybuffer; each build prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <same object?> TAB <value>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

static int case_no;

static void same(const char *what, PyObject *a, PyObject *b)
{
    printf("%d\t%s\t", ++case_no, what);
    if (a == NULL || b == NULL) {
        PyObject *t, *v, *tb;
        PyErr_Fetch(&t, &v, &tb);
        printf("error %s\n", t ? ((PyTypeObject *)t)->tp_name : "(none)");
        Py_XDECREF(t);
        Py_XDECREF(v);
        Py_XDECREF(tb);
    } else {
        PyObject *r = PyObject_Repr(a);
        printf("%s\t%s (%s)\n", a == b ? "same" : "distinct", r ? PyUnicode_AsUTF8(r) : "?", Py_TYPE(a)->tp_name);
        Py_XDECREF(r);
    }
    Py_XDECREF(a);
    Py_XDECREF(b);
}

static PyObject *num(long v)
{
    return PyLong_FromLong(v);
}

/* `op(x, y)` for the ints x and y. */
static PyObject *binop(PyObject *(*op)(PyObject *, PyObject *), long x, long y)
{
    PyObject *a = num(x), *b = num(y);
    PyObject *r = op(a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

static PyObject *unop(PyObject *(*op)(PyObject *), long x)
{
    PyObject *a = num(x);
    PyObject *r = op(a);
    Py_DECREF(a);
    return r;
}

int main(void)
{
    Py_Initialize();
    const long edges[] = {-6, -5, -1, 0, 1, 7, 255, 256, 257, 1000};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++) {
        long v = edges[i];
        char what[80];
        snprintf(what, sizeof what, "PyLong_FromLong(%ld) twice", v);
        same(what, num(v), num(v));
        snprintf(what, sizeof what, "PyLong_FromSsize_t / PyLong_FromLongLong(%ld)", v);
        same(what, PyLong_FromSsize_t(v), PyLong_FromLongLong(v));
        if (v >= 0) {
            snprintf(what, sizeof what, "PyLong_FromSize_t / PyLong_FromUnsignedLong(%ld)", v);
            same(what, PyLong_FromSize_t((size_t)v), PyLong_FromUnsignedLong((unsigned long)v));
            snprintf(what, sizeof what, "PyLong_FromUnsignedLongLong(%ld) / PyLong_FromLong", v);
            same(what, PyLong_FromUnsignedLongLong((unsigned long long)v), num(v));
        }
        char text[32];
        snprintf(text, sizeof text, "%ld", v);
        snprintf(what, sizeof what, "PyLong_FromString(\"%ld\") / PyLong_FromLong", v);
        same(what, PyLong_FromString(text, NULL, 10), num(v));
        snprintf(what, sizeof what, "PyLong_FromDouble(%ld.0) / PyLong_FromLong", v);
        same(what, PyLong_FromDouble((double)v), num(v));
        PyObject *s = PyUnicode_FromString(text);
        snprintf(what, sizeof what, "int('%ld') / PyLong_FromLong", v);
        same(what, PyNumber_Long(s), num(v));
        Py_DECREF(s);
    }
    same("7 + 7 / 14", binop(PyNumber_Add, 7, 7), num(14));
    same("300 - 299 / 1", binop(PyNumber_Subtract, 300, 299), num(1));
    same("3 - 3 / 0", binop(PyNumber_Subtract, 3, 3), num(0));
    same("16 * 16 / 256", binop(PyNumber_Multiply, 16, 16), num(256));
    same("16 * 17 / 272", binop(PyNumber_Multiply, 16, 17), num(272));
    same("1000 // 7 / 142", binop(PyNumber_FloorDivide, 1000, 7), num(142));
    same("1000 % 7 / 6", binop(PyNumber_Remainder, 1000, 7), num(6));
    same("-1 << 2 / -4", binop(PyNumber_Lshift, -1, 2), num(-4));
    same("1024 >> 3 / 128", binop(PyNumber_Rshift, 1024, 3), num(128));
    same("12 & 10 / 8", binop(PyNumber_And, 12, 10), num(8));
    same("12 | 10 / 14", binop(PyNumber_Or, 12, 10), num(14));
    same("12 ^ 10 / 6", binop(PyNumber_Xor, 12, 10), num(6));
    same("-(5) / -5", unop(PyNumber_Negative, 5), num(-5));
    same("abs(-7) / 7", unop(PyNumber_Absolute, -7), num(7));
    same("~5 / -6", unop(PyNumber_Invert, 5), num(-6));
    same("2 ** 8 / 256", PyNumber_Power(num(2), num(8), Py_None), num(256));
    same("int(True) / 1", PyNumber_Long(Py_True), num(1));
    same("operator.index(False) / 0", PyNumber_Index(Py_False), num(0));
    same("int(7.9) / 7", PyNumber_Long(PyFloat_FromDouble(7.9)), num(7));
    PyObject *big = PyLong_FromString("100000000000000000000", NULL, 10);
    PyObject *big2 = PyLong_FromString("99999999999999999993", NULL, 10);
    same("10**20 - (10**20 - 7) / 7", PyNumber_Subtract(big, big2), num(7));
    Py_DECREF(big);
    Py_DECREF(big2);
    const unsigned char le[2] = {7, 0};
    same("_PyLong_FromByteArray(07 00, little) / 7", _PyLong_FromByteArray(le, 2, 1, 0), num(7));
    PyObject *seven = num(7);
    same("_PyLong_Copy(7) / 7", _PyLong_Copy((PyLongObject *)seven), num(7));
    Py_DECREF(seven);
    same("len('abc') as PyLong_FromSsize_t / 3", PyLong_FromSsize_t(PyObject_Length(PyUnicode_FromString("abc"))), num(3));
    PyObject *l = Py_BuildValue("[iii]", 4, 5, 6);
    same("list item / Py_BuildValue(\"i\")", PySequence_GetItem(l, 1), Py_BuildValue("i", 5));
    same("list.index(6) / 2", PyObject_CallMethod(l, "index", "i", 6), num(2));
    Py_DECREF(l);
    same("hash(7) / 7", PyLong_FromSsize_t(PyObject_Hash(num(7))), num(7));
    same("round(7.4) / 7", PyObject_CallMethod(PyFloat_FromDouble(7.4), "__round__", NULL), num(7));
    PyObject *fresh = (PyObject *)_PyLong_New(1);
    /* Its digits are C code's to fill in (CPython leaves them unset). */
    ((PyLongObject *)fresh)->ob_digit[0] = 0;
    Py_SET_SIZE(fresh, 0);
    same("_PyLong_New(1) is a new object (compared with 0)", fresh, num(0));
    return 0;
}
