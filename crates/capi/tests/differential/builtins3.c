/* Differential cases for builtins looked up and called from C, as Cython
 * modules call the builtins they name (Python/bltinmodule.c): all, any,
 * ascii, bin, oct, hex, chr, ord, divmod, iter (one argument and the
 * callable/sentinel form), next (with and without a default, an iterator
 * that raises), delattr, and the keyword-taking sum, pow and sorted
 * (called with keywords too); their results, argument errors and
 * CPython's messages.
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

#include "case.h"

static PyObject *builtins;

/* builtins.NAME(*args), args built from `fmt` (a tuple format). */
static PyObject *call(const char *name, const char *fmt, ...) {
    PyObject *f = PyDict_GetItemString(builtins, name);
    if (f == NULL) {
        PyErr_Format(PyExc_NameError, "name '%s' is not defined", name);
        return NULL;
    }
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (args == NULL)
        return NULL;
    PyObject *r = PyObject_Call(f, args, NULL);
    Py_DECREF(args);
    return r;
}


/* builtins.NAME(*args, **kwargs), both references stolen (NULL kwargs: none). */
static PyObject *call_kw(const char *name, PyObject *args, PyObject *kwargs) {
    PyObject *f = PyDict_GetItemString(builtins, name);
    PyObject *r = (f && args) ? PyObject_Call(f, args, kwargs) : NULL;
    if (f == NULL)
        PyErr_Format(PyExc_NameError, "name '%s' is not defined", name);
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

static int counter;

/* A callable for iter(callable, sentinel): 1, 2, 3, ... */
static PyObject *count_up(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(++counter);
}

static PyObject *raise_value_error(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    PyErr_SetString(PyExc_ValueError, "from the callable");
    return NULL;
}

static PyMethodDef defs[] = {
    {"count_up", count_up, METH_NOARGS, NULL},
    {"raise_value_error", raise_value_error, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

int main(void) {
    Py_Initialize();
    PyGILState_STATE g = PyGILState_Ensure();
    builtins = PyEval_GetBuiltins();

    show("all([])", call("all", "(N)", PyList_New(0)));
    show("all([1, 2, 3])", call("all", "([iii])", 1, 2, 3));
    show("all([1, 0, 3])", call("all", "([iii])", 1, 0, 3));
    show("all('abc')", call("all", "(s)", "abc"));
    show("all(5)", call("all", "(i)", 5));
    show("all()", call("all", "()"));
    show("all([], [])", call("all", "(NN)", PyList_New(0), PyList_New(0)));
    show("any([])", call("any", "(N)", PyList_New(0)));
    show("any([0, 0, 3])", call("any", "([iii])", 0, 0, 3));
    show("any([0, '', None])", call("any", "([isO])", 0, "", Py_None));
    show("any(None)", call("any", "(O)", Py_None));
    show("ascii('caf\\xe9\\u20ac')", call("ascii", "(s)", "caf\xc3\xa9\xe2\x82\xac"));
    show("ascii([1, 'x'])", call("ascii", "([is])", 1, "x"));
    show("bin(10)", call("bin", "(i)", 10));
    show("bin(-10)", call("bin", "(i)", -10));
    show("bin(0)", call("bin", "(i)", 0));
    show("bin(2.5)", call("bin", "(d)", 2.5));
    show("oct(64)", call("oct", "(i)", 64));
    show("oct(-8)", call("oct", "(i)", -8));
    show("hex(255)", call("hex", "(i)", 255));
    show("hex(-255)", call("hex", "(i)", -255));
    show("hex(2**70)", call("hex", "(N)", PyLong_FromString("1180591620717411303424", NULL, 10)));
    show("hex('a')", call("hex", "(s)", "a"));
    show("hex(True)", call("hex", "(O)", Py_True));
    show("chr(65)", call("chr", "(i)", 65));
    show("chr(0x20ac)", call("chr", "(i)", 0x20ac));
    show("chr(0x10ffff)", call("chr", "(i)", 0x10ffff));
    show("chr(0x110000)", call("chr", "(i)", 0x110000));
    show("chr(-1)", call("chr", "(i)", -1));
    show("chr(2**40)", call("chr", "(L)", (long long)1 << 40));
    show("chr(65.0)", call("chr", "(d)", 65.0));
    show("chr('A')", call("chr", "(s)", "A"));
    show("chr(True)", call("chr", "(O)", Py_True));
    show("ord('A')", call("ord", "(s)", "A"));
    show("ord('\\u20ac')", call("ord", "(s)", "\xe2\x82\xac"));
    show("ord('\\U0001f600')", call("ord", "(s)", "\xf0\x9f\x98\x80"));
    show("ord(b'\\xff')", call("ord", "(y#)", "\xff", (Py_ssize_t)1));
    show("ord(bytearray(b'z'))", call("ord", "(N)", PyByteArray_FromStringAndSize("z", 1)));
    show("ord('')", call("ord", "(s)", ""));
    show("ord('ab')", call("ord", "(s)", "ab"));
    show("ord(b'ab')", call("ord", "(y)", "ab"));
    show("ord(bytearray())", call("ord", "(N)", PyByteArray_FromStringAndSize("", 0)));
    show("ord(65)", call("ord", "(i)", 65));
    show("ord(None)", call("ord", "(O)", Py_None));
    show("divmod(7, 2)", call("divmod", "(ii)", 7, 2));
    show("divmod(-7, 2)", call("divmod", "(ii)", -7, 2));
    show("divmod(7.5, 2)", call("divmod", "(di)", 7.5, 2));
    show("divmod(7, 0)", call("divmod", "(ii)", 7, 0));
    show("divmod('a', 2)", call("divmod", "(si)", "a", 2));
    show("divmod(1)", call("divmod", "(i)", 1));
    show("divmod(1, 2, 3)", call("divmod", "(iii)", 1, 2, 3));

    /* iter and next. */
    PyObject *it = call("iter", "([ii])", 1, 2);
    show("type(iter([1, 2]))", it ? Py_NewRef((PyObject *)Py_TYPE(it)) : NULL);
    show("next(it)", call("next", "(O)", it));
    show("next(it)", call("next", "(O)", it));
    show("next(it) at the end", call("next", "(O)", it));
    show("next(it, 'dflt') at the end", call("next", "(Os)", it, "dflt"));
    Py_XDECREF(it);
    show("iter(5)", call("iter", "(i)", 5));
    show("iter()", call("iter", "()"));
    show("iter(1, 2, 3)", call("iter", "(iii)", 1, 2, 3));
    show("iter(5, 0) (not callable)", call("iter", "(ii)", 5, 0));
    show("next([1])", call("next", "([i])", 1));
    show("next()", call("next", "()"));
    show("next(iter(''), 1, 2)", call("next", "(Nii)", PyObject_GetIter(PyUnicode_FromString("")), 1, 2));
    PyObject *m = PyModule_New("b3");
    PyModule_AddFunctions(m, defs);
    PyObject *up = PyObject_GetAttrString(m, "count_up");
    PyObject *citer = call("iter", "(Oi)", up, 3);
    show("type(iter(f, 3))", citer ? Py_NewRef((PyObject *)Py_TYPE(citer)) : NULL);
    show("list(iter(count_up, 3))", citer ? PySequence_List(citer) : NULL);
    show("next(exhausted callable iterator, 9)", call("next", "(Oi)", citer, 9));
    Py_XDECREF(citer);
    PyObject *bad = PyObject_GetAttrString(m, "raise_value_error");
    PyObject *biter = call("iter", "(Oi)", bad, 0);
    show("next(iter(raising, 0), 'd')", call("next", "(Os)", biter, "d"));
    Py_XDECREF(biter);
    Py_DECREF(bad);
    Py_DECREF(up);


    /* sum, pow, sorted. */
    show("sum([1, 2, 3])", call("sum", "([iii])", 1, 2, 3));
    show("sum([])", call("sum", "([])"));
    show("sum([1.5, 2, 3])", call("sum", "([dii])", 1.5, 2, 3));
    show("sum([0.1]*10)", call_kw("sum", Py_BuildValue("(N)", PySequence_Repeat(Py_BuildValue("[d]", 0.1), 10)), NULL));
    show("sum([1, 2], 10)", call("sum", "([ii]i)", 1, 2, 10));
    show("sum([1, 2], start=10)", call_kw("sum", Py_BuildValue("([ii])", 1, 2), Py_BuildValue("{s:i}", "start", 10)));
    show("sum([[1], [2]], [])", call("sum", "([[i][i]][])", 1, 2));
    show("sum([True, True])", call("sum", "([OO])", Py_True, Py_True));
    show("sum([2**62, 2**62])", call("sum", "([LL])", (long long)1 << 62, (long long)1 << 62));
    show("sum(['a'], '')", call("sum", "([s]s)", "a", ""));
    show("sum([b'a'], b'')", call("sum", "([y]y)", "a", ""));
    show("sum([], bytearray())", call("sum", "([]N)", PyByteArray_FromStringAndSize("", 0)));
    show("sum(5, '')", call("sum", "(is)", 5, ""));
    show("sum(['a', 'b'])", call("sum", "([ss])", "a", "b"));
    show("sum([1, 'b'])", call("sum", "([is])", 1, "b"));
    show("sum()", call("sum", "()"));
    show("sum([], 1, 2)", call("sum", "([]ii)", 1, 2));
    show("sum(iterable=[])", call_kw("sum", PyTuple_New(0), Py_BuildValue("{s:[]}", "iterable")));
    show("sum([], begin=1)", call_kw("sum", Py_BuildValue("([])"), Py_BuildValue("{s:i}", "begin", 1)));
    show("pow(2, 10)", call("pow", "(ii)", 2, 10));
    show("pow(2, -1)", call("pow", "(ii)", 2, -1));
    show("pow(2, 10, 1000)", call("pow", "(iii)", 2, 10, 1000));
    show("pow(3, -1, 7)", call("pow", "(iii)", 3, -1, 7));
    show("pow(2.0, 0.5)", call("pow", "(dd)", 2.0, 0.5));
    show("pow(base=2, exp=5)", call_kw("pow", PyTuple_New(0), Py_BuildValue("{s:i,s:i}", "base", 2, "exp", 5)));
    show("pow(2, 5, mod=3)", call_kw("pow", Py_BuildValue("(ii)", 2, 5), Py_BuildValue("{s:i}", "mod", 3)));
    show("pow(2, 5, None)", call("pow", "(iiO)", 2, 5, Py_None));
    show("pow(2.0, 5, 3)", call("pow", "(dii)", 2.0, 5, 3));
    show("pow(0, -1)", call("pow", "(ii)", 0, -1));
    show("pow(2)", call("pow", "(i)", 2));
    show("pow(1, 2, 3, 4)", call("pow", "(iiii)", 1, 2, 3, 4));
    show("pow(2, base=2)", call_kw("pow", Py_BuildValue("(i)", 2), Py_BuildValue("{s:i}", "base", 2)));
    show("pow(2, 3, z=1)", call_kw("pow", Py_BuildValue("(ii)", 2, 3), Py_BuildValue("{s:i}", "z", 1)));
    show("sorted([3, 1, 2])", call("sorted", "([iii])", 3, 1, 2));
    show("sorted('bca')", call("sorted", "(s)", "bca"));
    show("sorted([3, 1, 2], reverse=True)", call_kw("sorted", Py_BuildValue("([iii])", 3, 1, 2), Py_BuildValue("{s:O}", "reverse", Py_True)));
    show("sorted(['bb', 'a', 'ccc'], key=len)", call_kw("sorted", Py_BuildValue("([sss])", "bb", "a", "ccc"), Py_BuildValue("{s:O}", "key", PyDict_GetItemString(builtins, "len"))));
    show("sorted([1, 'a'])", call("sorted", "([is])", 1, "a"));
    show("sorted(5)", call("sorted", "(i)", 5));
    show("sorted()", call("sorted", "()"));
    show("sorted([], [])", call("sorted", "([][])"));
    show("sorted([], cmp=1)", call_kw("sorted", Py_BuildValue("([])"), Py_BuildValue("{s:i}", "cmp", 1)));
    show("sorted(iterable=[])", call_kw("sorted", PyTuple_New(0), Py_BuildValue("{s:[]}", "iterable")));
    PyObject *src = Py_BuildValue("[iii]", 2, 3, 1);
    show("sorted(l) is a new list", call("sorted", "(O)", src));
    show("l after sorted(l)", Py_NewRef(src));
    Py_DECREF(src);

    /* delattr. */
    PyObject *mod = PyModule_New("victim");
    PyObject_SetAttrString(mod, "x", Py_None);
    show("delattr(mod, 'x')", call("delattr", "(Os)", mod, "x"));
    show("mod.x after delattr", PyObject_GetAttrString(mod, "x"));
    show("delattr(mod, 'x') again", call("delattr", "(Os)", mod, "x"));
    show("delattr(mod, 5)", call("delattr", "(Oi)", mod, 5));
    show("delattr(1, 'real')", call("delattr", "(is)", 1, "real"));
    show("delattr(mod)", call("delattr", "(O)", mod));
    Py_DECREF(mod);
    Py_DECREF(m);

    PyGILState_Release(g);
    return 0;
}
