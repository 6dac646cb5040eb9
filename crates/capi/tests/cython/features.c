/* The driver of the Cython feature matrix (features.pyx; see there and
 * scripts/c-tests.sh): loads the module each Cython release made, built
 * against CPython or against pybuffer (argv[1]), and prints one line per
 * case, which c-tests.sh compares between the two builds.
 *
 *     <case number> TAB <what was done> TAB <what happened>
 */
#include "../corpus/corpus.h"
#include "../differential/case.h"

/* m.name(*Py_BuildValue(fmt, ...)). */
static PyObject *mcall(PyObject *m, const char *name, const char *fmt, ...)
{
    PyObject *f = PyObject_GetAttrString(m, name);
    if (!f)
        return NULL;
    va_list va;
    va_start(va, fmt);
    PyObject *args = Py_VaBuildValue(fmt, va);
    va_end(va);
    if (!args) {
        Py_DECREF(f);
        return NULL;
    }
    PyObject *r = PyObject_Call(f, args, NULL);
    Py_DECREF(f);
    Py_DECREF(args);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        bail("usage: features <module.so>");
    Py_Initialize();
    PyObject *m = load_module(argv[1], "features");
    show("module", Py_NewRef(m));
    show("asserts(1)", mcall(m, "asserts", "(i)", 1));
    show("asserts(0)", mcall(m, "asserts", "(i)", 0));
    show("gen", PySequence_List(mcall(m, "gen", "(i)", 5)));
    show("genexpr", mcall(m, "genexpr", "([iii])", 1, 2, 3));
    show("comps", mcall(m, "comps", "([iiii])", 0, 1, 2, 3));
    PyObject *inner = mcall(m, "closure", "(i)", 10);
    show("closure", inner ? PyObject_CallFunction(inner, "i", 5) : NULL); Py_XDECREF(inner);
    show("run_coro", mcall(m, "run_coro", "(i)", 21));
    show("lam", mcall(m, "lam", "([iii])", 3, 1, 2));
    show("strings", mcall(m, "strings", "(si)", "banana", 7));
    for (int i = 0; i < 4; i++) show("exceptions", mcall(m, "exceptions", "(i)", i));
    show("kwargs_only", PyObject_Call(PyObject_GetAttrString(m, "kwargs_only"), Py_BuildValue("(iii)", 1, 2, 3), Py_BuildValue("{sisi}", "c", 5, "z", 6)));
    show("kwargs_only missing c", PyObject_Call(PyObject_GetAttrString(m, "kwargs_only"), Py_BuildValue("(i)", 1), NULL));
    show("fused int", mcall(m, "fused_add", "(ii)", 2, 3));
    show("fused dbl", mcall(m, "fused_add", "(dd)", 2.5, 3.0));
    show("fused mixed", mcall(m, "fused_add", "(id)", 2, 3.0));
    PyObject *arr = PyImport_ImportModule("array");
    PyObject *da = arr ? PyObject_CallMethod(arr, "array", "s[ddd]", "d", 1.0, 2.0, 3.5) : NULL;
    show("memview", da ? mcall(m, "memview", "(O)", da) : NULL);
    show("memview bytes", mcall(m, "memview", "(y)", "abcdefgh"));
    PyObject *ba = PyByteArray_FromStringAndSize("abcdef", 6);
    PyObject *mv = PyMemoryView_FromObject(ba);
    PyObject *mv2 = mv ? PyObject_CallMethod(mv, "cast", "s(ii)", "B", 2, 3) : NULL;
    show("memview2d", mv2 ? mcall(m, "memview2d", "(O)", mv2) : NULL);
    show("bytearray after", Py_NewRef(ba));
    show("buffer_copy", mcall(m, "buffer_copy", "(y)", "hello"));
    show("buffer_copy empty", mcall(m, "buffer_copy", "(y)", ""));
    show("buffer_copy ro bytes", mcall(m, "buffer_copy", "(O)", ba));
    show("dicts", mcall(m, "dicts", "({sisi})", "a", 1, "b", 2));
    show("sets", mcall(m, "sets", "([ii][ii])", 1, 2, 2, 3));
    show("ints", mcall(m, "ints", "(ii)", 17, 5));
    show("slicing", mcall(m, "slicing", "([iiii])", 1, 2, 3, 4));
    show("builtins_use", mcall(m, "builtins_use", "([iii])", 1, 0, 2));
    show("unpack", mcall(m, "unpack", "((iiii))", 1, 2, 3, 4));
    show("globals_use", mcall(m, "globals_use", "()"));
    show("globals_use", mcall(m, "globals_use", "()"));
    show("yield_from", PySequence_List(mcall(m, "yield_from", "(i)", 3)));
    show("sys_use", mcall(m, "sys_use", "()"));
    show("abcs", mcall(m, "abcs", "([iii])", 1, 2, 8));
    {
        PyObject *St = PyObject_GetAttrString(m, "Stack");
        PyObject *s0 = St ? PyObject_CallNoArgs(St) : NULL;
        show("len(Stack())", s0 ? PyLong_FromSsize_t(PyObject_Length(s0)) : NULL);
        Py_XDECREF(s0);
        PyObject *MS = PyObject_GetAttrString(m, "MutableSequence");
        show("MutableSequence()", MS ? PyObject_CallNoArgs(MS) : NULL);
        Py_XDECREF(MS);
        Py_XDECREF(St);
    }
    PyObject *Point = PyObject_GetAttrString(m, "Point");
    PyObject *pt = Point ? PyObject_CallFunction(Point, "dd", 1.5, 2.0) : NULL;
    show("Point", pt ? Py_NewRef(pt) : NULL);
    if (pt) {
        show("pt.x", PyObject_GetAttrString(pt, "x"));
        show("pt.y = 3", PyLong_FromLong(PyObject_SetAttrString(pt, "y", PyFloat_FromDouble(3)))); PyErr_Clear();
        show("pt.tag", PyObject_GetAttrString(pt, "tag"));
        show("list(pt)", PySequence_List(pt));
        show("len(pt)", PyLong_FromSsize_t(PyObject_Length(pt)));
        show("pt[1]", PySequence_GetItem(pt, 1));
        show("pt + pt", PyNumber_Add(pt, pt));
        show("pt == pt", PyObject_RichCompare(pt, pt, Py_EQ));
        show("hash ok", PyBool_FromLong(PyObject_Hash(pt) != -1));
        show("reduce", PyObject_CallMethod(pt, "__reduce__", NULL));
        show("reduce_ex", PyObject_CallMethod(pt, "__reduce_ex__", "i", 2));
        show("origin", PyObject_CallMethod(Point, "origin", NULL));
        show("make", PyObject_CallMethod(Point, "make", "i", 4));
    }
    PyObject *Sub = PyObject_GetAttrString(m, "Sub");
    PyObject *sb = Sub ? PyObject_CallFunction(Sub, "dd", 1.0, 1.0) : NULL;
    show("Sub.total", sb ? PyObject_CallMethod(sb, "total", NULL) : NULL);
    show("Sub repr", sb ? Py_NewRef(sb) : NULL);
    PyObject *PC = PyObject_GetAttrString(m, "PyClass");
    PyObject *pc = PC ? PyObject_Call(PC, Py_BuildValue("(i)", 3), Py_BuildValue("{sisi}", "b", 4, "q", 1)) : NULL;
    show("PyClass.method", pc ? PyObject_CallMethod(pc, "method", NULL) : NULL);
    show("PyClass.prop", pc ? PyObject_GetAttrString(pc, "prop") : NULL);
    show("PyClass.attr", pc ? PyObject_GetAttrString(pc, "attr") : NULL);
    show("PyClass.__module__", PC ? PyObject_GetAttrString(PC, "__module__") : NULL);
    show("PyClass.__qualname__", PC ? PyObject_GetAttrString(PC, "__qualname__") : NULL);
    show("MyError mro", PyObject_GetAttrString(PyObject_GetAttrString(m, "MyError"), "__mro__"));
    {
        PyObject *g0 = mcall(m, "gen", "(i)", 2);
        show("type(gen(2))", g0 ? PyUnicode_FromString(Py_TYPE(g0)->tp_name) : NULL);
        Py_XDECREF(g0);
    }
    PyObject *g = mcall(m, "gen", "(i)", 1);
    show("next", g ? PyIter_Next(g) : NULL);
    show("next2", g ? PyIter_Next(g) : NULL);
    show("no error after the end", PyErr_Occurred() ? NULL : Py_NewRef(Py_None));
    show("stdmath", mcall(m, "stdmath", "(d)", 2.5));
    Py_XDECREF(g);
    return 0;
}
