/* Differential cases for the builtins map, zip, min and max (CPython's
 * Python/bltinmodule.c), which Cython resolves when a module names them
 * (cytoolz's itertoolz does at import): map over one and several
 * iterables, a failing function and iterator, its argument errors; zip
 * with and without strict=True, every shorter / longer message, its
 * keyword errors; min / max over an iterable and over arguments, key=,
 * default=, ties (the first wins), empty input and their errors; the
 * types' names, docs and PyMap_Type / PyZip_Type; reference counts.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case (refcase.h) and scripts/c-tests.sh compares the two
 * outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

static PyObject *builtins;

/* list(builtins.NAME(*args, **kwargs)) (`as_list`) or the call's result;
   `args` (a Py_BuildValue tuple format) and `kwargs` are built here. */
static void call_case(const char *what, int as_list, const char *name, PyObject *kwargs, const char *fmt, ...)
{
    begin(what);
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    PyObject *f = PyObject_GetAttrString(builtins, name);
    for (Py_ssize_t i = 0; args && i < PyTuple_GET_SIZE(args); i++)
        watch(PyTuple_GET_ITEM(args, i));
    PyObject *r = f && args ? PyObject_Call(f, args, kwargs) : NULL;
    if (r != NULL && as_list) {
        PyObject *l = PySequence_List(r);
        Py_DECREF(r);
        r = l;
    }
    obj_result(r);
    Py_XDECREF(f);
    end();
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
}

static PyObject *f_neg, *f_add, *f_fail, *f_len;

static PyObject *neg(PyObject *self, PyObject *x)
{
    (void)self;
    return PyNumber_Negative(x);
}

static PyObject *add(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:add", &a, &b))
        return NULL;
    return PyNumber_Add(a, b);
}

static PyObject *fail(PyObject *self, PyObject *x)
{
    (void)self;
    PyErr_Format(PyExc_RuntimeError, "fail(%R)", x);
    return NULL;
}

static PyObject *length(PyObject *self, PyObject *x)
{
    (void)self;
    Py_ssize_t n = PyObject_Length(x);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyMethodDef defs[] = {
    {"neg", neg, METH_O, NULL},
    {"add", add, METH_VARARGS, NULL},
    {"fail", fail, METH_O, NULL},
    {"length", length, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* An iterator over [1, 2] whose third step raises KeyError. */
typedef struct {
    PyObject_HEAD
    int n;
} Breaking;

static PyObject *breaking_next(PyObject *self)
{
    Breaking *b = (Breaking *)self;
    if (b->n < 2)
        return PyLong_FromLong(++b->n);
    PyErr_SetString(PyExc_KeyError, "broken");
    return NULL;
}

static PyType_Slot breaking_slots[] = {
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)breaking_next},
    {0, NULL},
};
static PyType_Spec breaking_spec = {"mapzip.Breaking", sizeof(Breaking), 0, Py_TPFLAGS_DEFAULT, breaking_slots};
static PyTypeObject *BreakingType;

static PyObject *breaking(void)
{
    return PyType_GenericAlloc(BreakingType, 0);
}

static void map_cases(void)
{
    call_case("map(neg, [1, 2, 3])", 1, "map", NULL, "(O[iii])", f_neg, 1, 2, 3);
    call_case("map(add, [1, 2, 3], (10, 20))", 1, "map", NULL, "(O[iii](ii))", f_add, 1, 2, 3, 10, 20);
    call_case("map(add, 'ab', 'xyz')", 1, "map", NULL, "(Oss)", f_add, "ab", "xyz");
    call_case("map(neg, [])", 1, "map", NULL, "(O[])", f_neg);
    call_case("map(fail, [5])", 1, "map", NULL, "(O[i])", f_fail, 5);
    call_case("map(neg, ['a'])", 1, "map", NULL, "(O[s])", f_neg, "a");
    call_case("map(neg, Breaking())", 1, "map", NULL, "(ON)", f_neg, breaking());
    call_case("map(add, [1, 2, 3], Breaking())", 1, "map", NULL, "(O[iii]N)", f_add, 1, 2, 3, breaking());
    call_case("map(neg)", 0, "map", NULL, "(O)", f_neg);
    call_case("map()", 0, "map", NULL, "()");
    call_case("map(neg, 1)", 0, "map", NULL, "(Oi)", f_neg, 1);
    call_case("map(neg, [1], x=1)", 0, "map", Py_BuildValue("{s:i}", "x", 1), "(O[i])", f_neg, 1);
    call_case("map(neg, [1], **{})", 1, "map", PyDict_New(), "(O[i])", f_neg, 1);
    call_case("map(1, [1])", 1, "map", NULL, "(i[i])", 1, 1);
    call_case("map(add, [1])", 1, "map", NULL, "(O[i])", f_add, 1);
}

static void zip_cases(void)
{
    call_case("zip()", 1, "zip", NULL, "()");
    call_case("zip([1, 2, 3])", 1, "zip", NULL, "([iii])", 1, 2, 3);
    call_case("zip('abcdefg', [0, 1, 2], (0, 1, 2, 3))", 1, "zip", NULL, "(s[iii](iiii))", "abcdefg", 0, 1, 2, 0, 1, 2, 3);
    call_case("zip([1, 2], [])", 1, "zip", NULL, "([ii][])", 1, 2);
    call_case("zip(1)", 0, "zip", NULL, "(i)", 1);
    call_case("zip([1], 2)", 0, "zip", NULL, "([i]i)", 1, 2);
    call_case("zip([1, 2, 3], Breaking())", 1, "zip", NULL, "([iii]N)", 1, 2, 3, breaking());
    call_case("zip(x=1)", 0, "zip", Py_BuildValue("{s:i}", "x", 1), "()");
    call_case("zip(strict=1, x=2)", 0, "zip", Py_BuildValue("{s:i,s:i}", "strict", 1, "x", 2), "()");
    call_case("zip(strict=True) (no iterables)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "()");
    call_case("zip([1, 2], [3, 4], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([ii][ii])", 1, 2, 3, 4);
    call_case("zip([1, 2], [1], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([ii][i])", 1, 2, 1);
    call_case("zip([1], [1], [1, 2], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([i][i][ii])", 1, 1, 1, 2);
    call_case("zip([1, 2], [1], [1], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([ii][i][i])", 1, 2, 1, 1);
    call_case("zip([1, 2], [1, 2], [1], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([ii][ii][i])", 1, 2, 1, 2, 1);
    call_case("zip([1], [1, 2], [1, 2], strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([i][ii][ii])", 1, 1, 2, 1, 2);
    call_case("zip([1, 2], Breaking(), strict=True)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_True), "([ii]N)", 1, 2, breaking());
    call_case("zip([1, 2, 3], [1, 2], strict=False)", 1, "zip", Py_BuildValue("{s:O}", "strict", Py_False), "([iii][ii])", 1, 2, 3, 1, 2);
    call_case("zip([1], [1, 2], strict=[])", 1, "zip", Py_BuildValue("{s:[]}", "strict"), "([i][ii])", 1, 1, 2);
}

static void min_max_cases(void)
{
    const char *names[] = {"max", "min"};
    for (int k = 0; k < 2; k++) {
        const char *n = names[k];
        char what[160];
#define W(text) (snprintf(what, sizeof what, "%s" text, n), what)
        call_case(W("([3, 1, 4, 1, 5])"), 0, n, NULL, "([iiiii])", 3, 1, 4, 1, 5);
        call_case(W("(3, 1, 4)"), 0, n, NULL, "(iii)", 3, 1, 4);
        call_case(W("('hello')"), 0, n, NULL, "(s)", "hello");
        call_case(W("([[1], [2], [3]], key=len) (ties: first)"), 0, n, Py_BuildValue("{s:O}", "key", f_len), "([[i][i][i]])", 1, 2, 3);
        call_case(W("([1], [2, 3], key=len)"), 0, n, Py_BuildValue("{s:O}", "key", f_len), "([i][ii])", 1, 2, 3);
        call_case(W("([1, -5, 3], key=neg)"), 0, n, Py_BuildValue("{s:O}", "key", f_neg), "([iii])", 1, -5, 3);
        call_case(W("([1, 2], key=None)"), 0, n, Py_BuildValue("{s:O}", "key", Py_None), "([ii])", 1, 2);
        call_case(W("([])"), 0, n, NULL, "([])");
        call_case(W("([], default=7)"), 0, n, Py_BuildValue("{s:i}", "default", 7), "([])");
        call_case(W("([2], default=7)"), 0, n, Py_BuildValue("{s:i}", "default", 7), "([i])", 2);
        call_case(W("(1, 2, default=3)"), 0, n, Py_BuildValue("{s:i}", "default", 3), "(ii)", 1, 2);
        call_case(W("()"), 0, n, NULL, "()");
        call_case(W("(x=1)"), 0, n, Py_BuildValue("{s:i}", "x", 1), "()");
        call_case(W("([1], x=1)"), 0, n, Py_BuildValue("{s:i}", "x", 1), "([i])", 1);
        call_case(W("([1], key=len, default=1, x=1)"), 0, n, Py_BuildValue("{s:O,s:i,s:i}", "key", f_len, "default", 1, "x", 1), "([i])", 1);
        call_case(W("(1)"), 0, n, NULL, "(i)", 1);
        call_case(W("(1, 'a')"), 0, n, NULL, "(is)", 1, "a");
        call_case(W("([1, 2], key=fail)"), 0, n, Py_BuildValue("{s:O}", "key", f_fail), "([ii])", 1, 2);
        call_case(W("(1, 2, key=1)"), 0, n, Py_BuildValue("{s:i}", "key", 1), "(ii)", 1, 2);
        call_case(W("(Breaking())"), 0, n, NULL, "(N)", breaking());
        call_case(W("(2.5, 1, True)"), 0, n, NULL, "(diO)", 2.5, 1, Py_True);
#undef W
    }
}

static void type_cases(void)
{
    CASE_OBJ("PyMap_Type.tp_name", PyUnicode_FromString(PyMap_Type.tp_name));
    CASE_OBJ("PyZip_Type.tp_name", PyUnicode_FromString(PyZip_Type.tp_name));
    CASE_INT("builtins.map is PyMap_Type", PyObject_GetAttrString(builtins, "map") == (PyObject *)&PyMap_Type);
    Py_DECREF(&PyMap_Type);
    CASE_INT("builtins.zip is PyZip_Type", PyObject_GetAttrString(builtins, "zip") == (PyObject *)&PyZip_Type);
    Py_DECREF(&PyZip_Type);
    const char *docs[] = {"map", "zip", "max", "min"};
    for (int i = 0; i < 4; i++) {
        char what[64];
        snprintf(what, sizeof what, "%s.__doc__: its length and first 40 characters", docs[i]);
        PyObject *o = PyObject_GetAttrString(builtins, docs[i]);
        PyObject *doc = o ? PyObject_GetAttrString(o, "__doc__") : NULL;
        CASE_OBJ(what, doc ? Py_BuildValue("(nN)", PyObject_Length(doc), PySequence_GetSlice(doc, 0, 40)) : NULL);
        Py_XDECREF(doc);
        Py_XDECREF(o);
    }
    begin("iter(zip([1])) is the zip");
    PyObject *z = PyObject_CallFunction((PyObject *)&PyZip_Type, "([i])", 1);
    PyObject *it = z ? PyObject_GetIter(z) : NULL;
    put("-> %s", it != NULL && it == z ? "yes" : "no");
    Py_XDECREF(it);
    Py_XDECREF(z);
    end();
    PyObject *m = PyObject_CallFunction((PyObject *)&PyMap_Type, "(O[])", f_neg);
    CASE_OBJ("type(map(neg, [])).__name__", m ? PyObject_GetAttrString((PyObject *)Py_TYPE(m), "__name__") : NULL);
    Py_XDECREF(m);
}

int main(void)
{
    Py_Initialize();
    builtins = PyImport_ImportModule("builtins");
    BreakingType = (PyTypeObject *)PyType_FromSpec(&breaking_spec);
    f_neg = PyCFunction_New(&defs[0], NULL);
    f_add = PyCFunction_New(&defs[1], NULL);
    f_fail = PyCFunction_New(&defs[2], NULL);
    f_len = PyCFunction_New(&defs[3], NULL);
    if (builtins == NULL || BreakingType == NULL || !f_neg || !f_add || !f_fail || !f_len)
        return 1;
    map_cases();
    zip_cases();
    min_max_cases();
    type_cases();
    return 0;
}
