/* Differential cases for set and frozenset (Objects/setobject.c): the C
 * API (PySet_New, PyFrozenSet_New, PySet_Add / Discard / Contains / Size /
 * Clear / Pop, _PySet_NextEntry, _PySet_Update, the Check macros and
 * PySet_GET_SIZE), with its errors for wrong types and NULLs where CPython
 * has one; iteration order and repr after many adds, discards and pops
 * (CPython's open addressing, dummies and resizes); hash(frozenset); rich
 * comparison; | & - ^ and their in-place forms; the methods reached with
 * PyObject_CallMethod; calling the types; the set iterator; subclasses
 * made with PyType_FromSpecWithBases.
 *
 * Compiled twice, against CPython 3.11 and against pybuffer; each build
 * prints one line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two line for line. Most elements are
 * ints (and tuples and floats of them), whose hashes do not depend on the
 * hash seed; the str cases run with PYTHONHASHSEED=42, set before the first
 * hash, so both sides hash str alike.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

static void ssize_result(Py_ssize_t r)
{
    if (r == -1 && PyErr_Occurred()) {
        put("raised ");
        put_exception();
    } else {
        put("-> %zd", r);
    }
}

#define CASE_SSIZE(what, expr) \
    do {                       \
        begin(what);           \
        ssize_result(expr);    \
        end();                 \
    } while (0)

/* ------------------------------------------------------------------ */
/*                             Helpers                                */
/* ------------------------------------------------------------------ */

/* A new list of the `n` ints given. */
static PyObject *ints(int n, ...)
{
    va_list va;
    PyObject *l = PyList_New(n);
    va_start(va, n);
    for (int i = 0; i < n; i++)
        PyList_SET_ITEM(l, i, PyLong_FromLong(va_arg(va, long)));
    va_end(va);
    return l;
}

/* A new set (frozen or not) of the `n` ints given. */
static PyObject *iset(int frozen, int n, ...)
{
    va_list va;
    PyObject *s = frozen ? PyFrozenSet_New(NULL) : PySet_New(NULL);
    va_start(va, n);
    for (int i = 0; i < n; i++) {
        PyObject *v = PyLong_FromLong(va_arg(va, long));
        PySet_Add(s, v);
        Py_DECREF(v);
    }
    va_end(va);
    return s;
}

/* A fingerprint of a long iteration order: the sum of (position+1)*value. */
static void put_fingerprint(PyObject *s)
{
    PyObject *it = PyObject_GetIter(s), *v;
    long long sum = 0, i = 1;
    if (it == NULL) {
        put_exception();
        return;
    }
    while ((v = PyIter_Next(it)) != NULL) {
        sum += i++ * PyLong_AsLongLong(v);
        Py_DECREF(v);
    }
    Py_DECREF(it);
    put("len %zd fingerprint %lld", PySet_GET_SIZE(s), sum);
}

/* A pseudo-random sequence, the same in both builds. */
static unsigned long long lcg_state;
static long next_rand(long range)
{
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (long)((lcg_state >> 33) % (unsigned long long)range);
}

/* ------------------------------------------------------------------ */
/*                           The C API                                */
/* ------------------------------------------------------------------ */

static void api_cases(void)
{
    PyObject *l = ints(5, 3L, 1L, 2L, 1L, -1L);
    PyObject *seven = PyLong_FromLong(7), *one = PyLong_FromLong(1);
    PyObject *unhashable = PyList_New(0);
    PyObject *s, *f, *r;

    CASE_OBJ("PySet_New(NULL)", PySet_New(NULL));
    CASE_OBJ("PyFrozenSet_New(NULL)", PyFrozenSet_New(NULL));
    begin("PySet_New([3, 1, 2, 1, -1])");
    watch(l);
    obj_result(PySet_New(l));
    end();
    CASE_OBJ("PyFrozenSet_New([3, 1, 2, 1, -1])", PyFrozenSet_New(l));
    CASE_OBJ("PySet_New(7)", PySet_New(seven));
    r = PyList_New(1);
    PyList_SET_ITEM(r, 0, PyList_New(0));
    CASE_OBJ("PySet_New([[]])", PySet_New(r));
    CASE_OBJ("PyFrozenSet_New([[]])", PyFrozenSet_New(r));
    Py_DECREF(r);
    r = PyTuple_Pack(3, one, seven, one);
    CASE_OBJ("PySet_New((1, 7, 1))", PySet_New(r));
    Py_DECREF(r);
    r = PyDict_New();
    PyDict_SetItem(r, seven, one);
    PyDict_SetItem(r, one, seven);
    CASE_OBJ("PySet_New({7: 1, 1: 7})", PySet_New(r));
    Py_DECREF(r);

    s = PySet_New(NULL);
    begin("PySet_Add(set(), 7)");
    watch(seven);
    int_result(PySet_Add(s, seven));
    put(" ");
    put_repr(s);
    end();
    CASE_INT("PySet_Add(s, 7) again", PySet_Add(s, seven));
    CASE_INT("PySet_Add(s, [])", PySet_Add(s, unhashable));
    CASE_INT("PySet_Add(list, 7)", PySet_Add(unhashable, seven));
    f = PyFrozenSet_New(NULL);
    begin("PySet_Add(fresh frozenset, 7)");
    int_result(PySet_Add(f, seven));
    put(" ");
    put_repr(f);
    end();
    Py_INCREF(f);
    CASE_INT("PySet_Add(shared frozenset, 1)", PySet_Add(f, one));
    Py_DECREF(f);
    CASE_INT("PySet_Contains(s, 7)", PySet_Contains(s, seven));
    CASE_INT("PySet_Contains(s, 1)", PySet_Contains(s, one));
    CASE_INT("PySet_Contains(frozenset, 7)", PySet_Contains(f, seven));
    CASE_INT("PySet_Contains(s, [])", PySet_Contains(s, unhashable));
    CASE_INT("PySet_Contains(s, set())", PySet_Contains(s, s));
    CASE_INT("PySet_Contains(list, 7)", PySet_Contains(unhashable, seven));
    CASE_SSIZE("PySet_Size(s)", PySet_Size(s));
    CASE_SSIZE("PySet_Size(frozenset)", PySet_Size(f));
    CASE_SSIZE("PySet_Size(list)", PySet_Size(unhashable));
    CASE_SSIZE("PySet_GET_SIZE(s)", PySet_GET_SIZE(s));
    CASE_INT("PySet_Discard(s, 1)", PySet_Discard(s, one));
    CASE_INT("PySet_Discard(s, [])", PySet_Discard(s, unhashable));
    CASE_INT("PySet_Discard(frozenset, 7)", PySet_Discard(f, seven));
    begin("PySet_Discard(s, 7)");
    watch(seven);
    int_result(PySet_Discard(s, seven));
    put(" ");
    put_repr(s);
    end();
    CASE_OBJ("PySet_Pop(empty set)", PySet_Pop(s));
    CASE_OBJ("PySet_Pop(frozenset)", PySet_Pop(f));
    CASE_OBJ("PySet_Pop(list)", PySet_Pop(unhashable));
    PySet_Add(s, seven);
    PySet_Add(s, one);
    CASE_OBJ("PySet_Pop({1, 7})", PySet_Pop(s));
    CASE_OBJ("PySet_Pop({7})", PySet_Pop(s));
    PySet_Add(s, seven);
    CASE_INT("PySet_Clear(s)", PySet_Clear(s));
    CASE_OBJ("s after clear", (Py_INCREF(s), s));
    CASE_INT("PySet_Clear(frozenset)", PySet_Clear(f));
    CASE_INT("PySet_Clear(list)", PySet_Clear(unhashable));
    CASE_INT("_PySet_Update(s, [3, 1, 2, 1, -1])", _PySet_Update(s, l));
    CASE_INT("_PySet_Update(frozenset, [])", _PySet_Update(f, unhashable));
    CASE_INT("_PySet_Update(s, 7)", _PySet_Update(s, seven));
    begin("_PySet_NextEntry(s)");
    {
        Py_ssize_t pos = 0;
        PyObject *key;
        Py_hash_t hash;
        while (_PySet_NextEntry(s, &pos, &key, &hash))
            put("%ld:%zd@%zd ", PyLong_AsLong(key), (Py_ssize_t)hash, pos);
    }
    end();
    begin("_PySet_NextEntry(list)");
    {
        Py_ssize_t pos = 0;
        PyObject *key;
        Py_hash_t hash;
        int_result(_PySet_NextEntry(unhashable, &pos, &key, &hash));
    }
    end();
    begin("checks");
    put("%d%d%d%d%d %d%d%d%d%d %d%d%d%d%d", PySet_Check(s), PyFrozenSet_Check(s), PyAnySet_Check(s),
        PyAnySet_CheckExact(s), PySet_CheckExact(s), PySet_Check(f), PyFrozenSet_Check(f), PyAnySet_Check(f),
        PyAnySet_CheckExact(f), PyFrozenSet_CheckExact(f), PySet_Check(l), PyFrozenSet_Check(l),
        PyAnySet_Check(l), PyAnySet_CheckExact(l), PyFrozenSet_CheckExact(l));
    end();
    begin("GC tracked");
    put("%d %d", PyObject_GC_IsTracked(s), PyObject_GC_IsTracked(f));
    end();
    CASE_OBJ("type(set) is set", PyBool_FromLong(Py_TYPE(s) == &PySet_Type));

    Py_DECREF(s);
    Py_DECREF(f);
    Py_DECREF(l);
    Py_DECREF(seven);
    Py_DECREF(one);
    Py_DECREF(unhashable);
}

/* ------------------------------------------------------------------ */
/*                       Order after churn                            */
/* ------------------------------------------------------------------ */

static void order_cases(void)
{
    static const long seeds[] = {1, 2, 3, 42};
    static const long ranges[] = {16, 100, 2000, 100000};
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        char what[160];
        PyObject *s = PySet_New(NULL);
        lcg_state = (unsigned long long)seeds[k];
        for (int i = 0; i < 3000; i++) {
            long v = next_rand(ranges[k]) - ranges[k] / 2;
            PyObject *o = PyLong_FromLong(v);
            long op = next_rand(10);
            if (op < 6)
                PySet_Add(s, o);
            else if (op < 9)
                PySet_Discard(s, o);
            else if (PySet_GET_SIZE(s) > 0)
                Py_DECREF(PySet_Pop(s));
            Py_DECREF(o);
            if (i == 20 || i == 200) {
                snprintf(what, sizeof what, "churn seed %ld range %ld after %d", seeds[k], ranges[k], i);
                begin(what);
                if (PySet_GET_SIZE(s) < 60)
                    put_repr(s);
                else
                    put_fingerprint(s);
                end();
            }
        }
        snprintf(what, sizeof what, "churn seed %ld range %ld", seeds[k], ranges[k]);
        begin(what);
        put_fingerprint(s);
        end();
        snprintf(what, sizeof what, "churn seed %ld: frozenset(s) hash and order", seeds[k]);
        begin(what);
        {
            PyObject *f = PyFrozenSet_New(s);
            put("hash %zd ", (Py_ssize_t)PyObject_Hash(f));
            put_fingerprint(f);
            Py_DECREF(f);
        }
        end();
        snprintf(what, sizeof what, "churn seed %ld: list(s.copy()) order", seeds[k]);
        begin(what);
        {
            PyObject *c = PyObject_CallMethod(s, "copy", NULL);
            put_fingerprint(c);
            Py_DECREF(c);
        }
        end();
        Py_DECREF(s);
    }
    /* A set grown past 50000 elements doubles instead of quadrupling. */
    {
        PyObject *s = PySet_New(NULL);
        for (long i = 0; i < 60000; i++) {
            PyObject *o = PyLong_FromLong(i * 7919 % 100003);
            PySet_Add(s, o);
            Py_DECREF(o);
        }
        for (long i = 0; i < 60000; i += 3) {
            PyObject *o = PyLong_FromLong(i * 7919 % 100003);
            PySet_Discard(s, o);
            Py_DECREF(o);
        }
        begin("60000 adds, 20000 discards");
        put_fingerprint(s);
        end();
        Py_DECREF(s);
    }
    /* Mixed element types whose hashes do not depend on the seed. */
    {
        PyObject *items = Py_BuildValue("[i, d, (ii), L, i, d, (i(ii)), i, L]", -1, 1.5, 1, 2,
                                        (long long)1 << 62, -2, -0.0, 3, 4, 5, 8, -((long long)1 << 61));
        CASE_OBJ("set(mixed)", PySet_New(items));
        {
            PyObject *f = PyFrozenSet_New(items);
            begin("hash(frozenset(mixed))");
            put("%zd", (Py_ssize_t)PyObject_Hash(f));
            end();
            Py_DECREF(f);
        }
        Py_DECREF(items);
    }
}

/* ------------------------------------------------------------------ */
/*                 Comparison, hashing, operators                     */
/* ------------------------------------------------------------------ */

static const char *op_names[] = {"<", "<=", "==", "!=", ">", ">="};

static void compare_cases(void)
{
    PyObject *a = iset(0, 3, 1L, 2L, 3L), *b = iset(0, 2, 1L, 2L), *fa = iset(1, 3, 3L, 2L, 1L);
    PyObject *c = iset(0, 2, 4L, 5L), *e = PySet_New(NULL), *l = ints(2, 1L, 2L);
    PyObject *objs[] = {a, b, fa, c, e, l};
    const char *names[] = {"{1,2,3}", "{1,2}", "frozenset({1,2,3})", "{4,5}", "set()", "[1,2]"};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            if (i == 5 && j == 5)
                continue;
            begin("compare");
            put("%s vs %s:", names[i], names[j]);
            for (int op = Py_LT; op <= Py_GE; op++) {
                PyObject *r = PyObject_RichCompare(objs[i], objs[j], op);
                put(" %s ", op_names[op]);
                if (r == NULL) {
                    put_exception();
                } else {
                    put_repr(r);
                    Py_DECREF(r);
                }
            }
            end();
        }

    begin("hash(set)");
    put("%zd ", (Py_ssize_t)PyObject_Hash(a));
    put_exception();
    end();
    {
        PyObject *fs[] = {PyFrozenSet_New(NULL), iset(1, 1, 0L), iset(1, 1, -1L), iset(1, 3, 1L, 2L, 3L),
                          iset(1, 4, 1000000L, -5L, 17L, 99L)};
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
            begin("hash(frozenset)");
            put_repr(fs[i]);
            put(" %zd", (Py_ssize_t)PyObject_Hash(fs[i]));
            end();
        }
        /* A frozenset of frozensets; equal frozensets hash alike however
           they were built. */
        PyObject *nested = PyFrozenSet_New(NULL);
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
            PySet_Add(nested, fs[i]);
        begin("hash(frozenset of frozensets)");
        put("%zd len %zd", (Py_ssize_t)PyObject_Hash(nested), PySet_GET_SIZE(nested));
        end();
        PyObject *churned = iset(1, 6, 1L, 2L, 3L, 10L, 11L, 12L);
        begin("hash equal after discards in a copy");
        {
            PyObject *m = PySet_New(churned);
            PyObject *ten = PyLong_FromLong(10), *eleven = PyLong_FromLong(11), *twelve = PyLong_FromLong(12);
            PySet_Discard(m, ten);
            PySet_Discard(m, eleven);
            PySet_Discard(m, twelve);
            PyObject *fm = PyFrozenSet_New(m);
            put("%d %d", PyObject_Hash(fm) == PyObject_Hash(fs[3]), PyObject_RichCompareBool(fm, fs[3], Py_EQ));
            Py_DECREF(fm);
            Py_DECREF(m);
            Py_DECREF(ten);
            Py_DECREF(eleven);
            Py_DECREF(twelve);
        }
        end();
        Py_DECREF(churned);
        Py_DECREF(nested);
        for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
            Py_DECREF(fs[i]);
    }

    begin("set key in set: contains via frozenset");
    {
        PyObject *holder = PySet_New(NULL);
        PyObject *fb = PyFrozenSet_New(b);
        PySet_Add(holder, fb);
        put("%d %d ", PySequence_Contains(holder, b), PySequence_Contains(holder, a));
        PyObject *r = PyObject_CallMethod(holder, "remove", "O", b);
        obj_result(r);
        put(" ");
        put_repr(holder);
        put(" ");
        r = PyObject_CallMethod(holder, "discard", "O", b);
        obj_result(r);
        put(" ");
        put("%d", PySequence_Contains(holder, l));
        put(" ");
        put_exception();
        Py_DECREF(fb);
        Py_DECREF(holder);
    }
    end();
    {
        PyObject *recursive = PySet_New(NULL);
        PyObject *t = PyTuple_Pack(1, recursive);
        CASE_INT("PySet_Add(s, (s,)) (a tuple holding a set is unhashable)", PySet_Add(recursive, t));
        PySet_Clear(recursive);
        Py_DECREF(t);
        Py_DECREF(recursive);
    }

    struct {
        const char *name;
        PyObject *(*f)(PyObject *, PyObject *);
    } ops[] = {{"|", PyNumber_Or},
               {"&", PyNumber_And},
               {"-", PyNumber_Subtract},
               {"^", PyNumber_Xor},
               {"|=", PyNumber_InPlaceOr},
               {"&=", PyNumber_InPlaceAnd},
               {"-=", PyNumber_InPlaceSubtract},
               {"^=", PyNumber_InPlaceXor}};
    PyObject *lefts[] = {a, fa, b, e};
    const char *lnames[] = {"{1,2,3}", "frozenset({1,2,3})", "{1,2}", "set()"};
    PyObject *rights[] = {c, b, fa, l, a};
    const char *rnames[] = {"{4,5}", "{1,2}", "frozenset({1,2,3})", "[1,2]", "{1,2,3}"};
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++) {
                PyObject *left = PyNumber_Or(lefts[i], e); /* a fresh copy of the same type */
                begin("operator");
                put("%s %s %s:", lnames[i], ops[o].name, rnames[j]);
                PyObject *r = ops[o].f(left, rights[j]);
                if (r == NULL) {
                    put(" raised ");
                    put_exception();
                } else {
                    put(" -> ");
                    put_repr(r);
                    put(r == left ? " (same object)" : " (new object)");
                    Py_DECREF(r);
                }
                put(" left now ");
                put_repr(left);
                Py_DECREF(left);
                end();
            }

    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(fa);
    Py_DECREF(c);
    Py_DECREF(e);
    Py_DECREF(l);
}

/* ------------------------------------------------------------------ */
/*                     Methods and the types                          */
/* ------------------------------------------------------------------ */

/* Calls s.name(*args) on a fresh copy of `s` of the same type and shows
   the result and the copy afterwards. */
static void method_case(PyObject *s, const char *sname, const char *name, const char *fmt, ...)
{
    va_list va;
    PyObject *target = PyNumber_Or(s, s);
    PyObject *meth = PyObject_GetAttrString(target, name);
    begin("method");
    put("%s.%s(...):", sname, name);
    if (meth == NULL) {
        put(" raised ");
        put_exception();
    } else {
        PyObject *args;
        va_start(va, fmt);
        args = Py_VaBuildValue(fmt, va);
        va_end(va);
        if (!PyTuple_Check(args)) {
            PyObject *t = PyTuple_Pack(1, args);
            Py_DECREF(args);
            args = t;
        }
        PyObject *r = PyObject_Call(meth, args, NULL);
        Py_DECREF(args);
        Py_DECREF(meth);
        if (r == NULL) {
            put(" raised ");
            put_exception();
        } else {
            put(" -> ");
            put_repr(r);
            if (r == target)
                put(" (same object)");
            Py_DECREF(r);
        }
    }
    put(" | now ");
    put_repr(target);
    Py_DECREF(target);
    end();
}

static void method_cases(void)
{
    PyObject *s = iset(0, 4, 1L, 2L, 3L, 40L), *f = iset(1, 3, 2L, 3L, 5L), *o = iset(0, 2, 3L, 9L);
    PyObject *e = PySet_New(NULL);
    PyObject *d = Py_BuildValue("{i:i,i:i}", 3, 0, 7, 0);
    method_case(s, "s", "add", "(i)", 9);
    method_case(s, "s", "add", "(i)", 1);
    method_case(s, "s", "add", "([])");
    method_case(s, "s", "add", "()");
    method_case(s, "s", "discard", "(i)", 2);
    method_case(s, "s", "discard", "(i)", 99);
    method_case(s, "s", "discard", "([])");
    method_case(s, "s", "remove", "(i)", 2);
    method_case(s, "s", "remove", "(i)", 99);
    method_case(s, "s", "remove", "((ii))", 9, 9);
    method_case(s, "s", "remove", "([])");
    method_case(s, "s", "pop", "()");
    method_case(e, "set()", "pop", "()");
    method_case(s, "s", "pop", "(i)", 1);
    method_case(s, "s", "clear", "()");
    method_case(s, "s", "copy", "()");
    method_case(f, "f", "copy", "()");
    method_case(s, "s", "__contains__", "(i)", 40);
    method_case(s, "s", "__contains__", "(O)", e);
    method_case(s, "s", "__contains__", "([])");
    method_case(s, "s", "union", "()");
    method_case(s, "s", "union", "(OO[ii]O)", f, o, 100, 1, d);
    method_case(f, "f", "union", "(O)", s);
    method_case(s, "s", "union", "(i)", 5);
    method_case(s, "s", "intersection", "()");
    method_case(s, "s", "intersection", "(O)", f);
    method_case(s, "s", "intersection", "([iiii])", 40, 1, 1, 77);
    method_case(s, "s", "intersection", "(OO)", f, o);
    method_case(f, "f", "intersection", "(O)", s);
    method_case(s, "s", "intersection", "([[]])");
    method_case(s, "s", "intersection_update", "(O)", f);
    method_case(s, "s", "intersection_update", "([i])", 3);
    method_case(s, "s", "difference", "()");
    method_case(s, "s", "difference", "(O)", f);
    method_case(s, "s", "difference", "(O)", d);
    method_case(s, "s", "difference", "((ii)O)", 1, 1, o);
    method_case(f, "f", "difference", "(O)", s);
    method_case(s, "s", "difference_update", "(OO)", f, d);
    method_case(s, "s", "difference_update", "([[]])");
    method_case(s, "s", "symmetric_difference", "(O)", f);
    method_case(s, "s", "symmetric_difference", "(O)", d);
    method_case(s, "s", "symmetric_difference", "([ii])", 1, 500);
    method_case(f, "f", "symmetric_difference", "(O)", s);
    method_case(s, "s", "symmetric_difference_update", "(O)", o);
    method_case(s, "s", "symmetric_difference_update", "(O)", d);
    method_case(s, "s", "symmetric_difference_update", "(i)", 3);
    method_case(s, "s", "update", "()");
    method_case(s, "s", "update", "(O[i]O)", f, 77, d);
    method_case(s, "s", "update", "(O)", Py_None);
    method_case(s, "s", "issubset", "(O)", f);
    method_case(s, "s", "issubset", "([iiiiii])", 1, 2, 3, 40, 50, 60);
    method_case(s, "s", "issubset", "(i)", 1);
    method_case(s, "s", "issuperset", "([ii])", 1, 40);
    method_case(s, "s", "issuperset", "([ii])", 1, 41);
    method_case(s, "s", "issuperset", "(O)", e);
    method_case(s, "s", "isdisjoint", "(O)", o);
    method_case(s, "s", "isdisjoint", "([ii])", 8, 9);
    method_case(s, "s", "isdisjoint", "(O)", e);
    method_case(f, "f", "isdisjoint", "(O)", s);
    {
        /* Bodies swapped between a large (allocated) table and a small one,
           both ways; a difference with a much larger set. */
        PyObject *range = PyList_New(0);
        for (long i = 0; i < 100; i++) {
            PyObject *v = PyLong_FromLong(i * 3);
            PyList_Append(range, v);
            Py_DECREF(v);
        }
        PyObject *big = PySet_New(range);
        method_case(big, "big", "intersection_update", "([iii])", 3, 6, 7);
        method_case(s, "s", "intersection_update", "(O)", big);
        method_case(s, "s", "difference_update", "(O)", big);
        method_case(big, "big", "difference_update", "(O)", s);
        method_case(s, "s", "symmetric_difference_update", "(O)", big);
        begin("big & s, s & big, big - big, big ^ s");
        {
            PyObject *r = PyNumber_And(big, s);
            put_repr(r);
            Py_XDECREF(r);
            put(" ");
            r = PyNumber_And(s, big);
            put_repr(r);
            Py_XDECREF(r);
            put(" ");
            r = PyNumber_Subtract(big, big);
            put_repr(r);
            Py_XDECREF(r);
            put(" ");
            r = PyNumber_Xor(big, s);
            put_fingerprint(r);
            Py_XDECREF(r);
        }
        end();
        Py_DECREF(big);
        Py_DECREF(range);
    }
    method_case(f, "f", "add", "(i)", 1);
    method_case(f, "f", "update", "(O)", s);
    method_case(s, "s", "nosuch", "()");

    CASE_OBJ("set()", PyObject_CallNoArgs((PyObject *)&PySet_Type));
    CASE_OBJ("set([3, 1, 2, 1, -1])", PyObject_CallFunction((PyObject *)&PySet_Type, "([iiiii])", 3, 1, 2, 1, -1));
    CASE_OBJ("set(1, 2)", PyObject_CallFunction((PyObject *)&PySet_Type, "ii", 1, 2));
    CASE_OBJ("set(5)", PyObject_CallFunction((PyObject *)&PySet_Type, "(i)", 5));
    CASE_OBJ("frozenset()", PyObject_CallNoArgs((PyObject *)&PyFrozenSet_Type));
    CASE_OBJ("frozenset(s)", PyObject_CallOneArg((PyObject *)&PyFrozenSet_Type, s));
    CASE_OBJ("frozenset(1, 2)", PyObject_CallFunction((PyObject *)&PyFrozenSet_Type, "ii", 1, 2));
    begin("frozenset(f) is f");
    {
        PyObject *r = PyObject_CallOneArg((PyObject *)&PyFrozenSet_Type, f);
        put("%d", r == f);
        Py_XDECREF(r);
    }
    end();
    {
        PyObject *args = PyTuple_New(0), *kw = Py_BuildValue("{s:i}", "x", 1);
        CASE_OBJ("set(x=1)", PyObject_Call((PyObject *)&PySet_Type, args, kw));
        CASE_OBJ("frozenset(x=1)", PyObject_Call((PyObject *)&PyFrozenSet_Type, args, kw));
        Py_DECREF(args);
        Py_DECREF(kw);
    }
    CASE_OBJ("str(s)", PyObject_Str(s));
    CASE_SSIZE("len(s)", PyObject_Size(s));
    CASE_SSIZE("len(f)", PyObject_Length(f));
    CASE_INT("bool(set())", PyObject_IsTrue(e));
    CASE_INT("bool(s)", PyObject_IsTrue(s));
    CASE_OBJ("type name", PyUnicode_FromString(Py_TYPE(f)->tp_name));

    Py_DECREF(s);
    Py_DECREF(f);
    Py_DECREF(o);
    Py_DECREF(e);
    Py_DECREF(d);
}

/* ------------------------------------------------------------------ */
/*                            Iterators                               */
/* ------------------------------------------------------------------ */

static void iter_cases(void)
{
    PyObject *s = iset(0, 5, 5L, 4L, 3L, 2L, 1L), *f = iset(1, 2, 8L, 16L);
    PyObject *it = PyObject_GetIter(s), *v;
    CASE_OBJ("type(iter(s))", PyUnicode_FromString(Py_TYPE(it)->tp_name));
    CASE_OBJ("iter(s).__length_hint__()", PyObject_CallMethod(it, "__length_hint__", NULL));
    CASE_OBJ("next(it)", PyIter_Next(it));
    CASE_OBJ("it.__length_hint__()", PyObject_CallMethod(it, "__length_hint__", NULL));
    CASE_OBJ("iter(it) is it", PyBool_FromLong(PyObject_GetIter(it) == it && (Py_DECREF(it), 1)));
    v = PyLong_FromLong(100);
    PySet_Add(s, v);
    Py_DECREF(v);
    CASE_OBJ("next(it) after s.add(100)", PyIter_Next(it));
    CASE_OBJ("next(it) again", PyIter_Next(it));
    CASE_OBJ("it.__length_hint__() after the change", PyObject_CallMethod(it, "__length_hint__", NULL));
    Py_DECREF(it);
    it = PyObject_GetIter(f);
    begin("iterate frozenset to the end");
    while ((v = PyIter_Next(it)) != NULL) {
        put_repr(v);
        put(" ");
        Py_DECREF(v);
    }
    put("end ");
    put_exception();
    end();
    CASE_OBJ("next(exhausted)", PyIter_Next(it));
    Py_DECREF(it);
    it = PyObject_GetIter(s);
    Py_DECREF(PyIter_Next(it));
    v = PyLong_FromLong(5);
    PySet_Discard(s, v);
    PySet_Add(s, v);
    Py_DECREF(v);
    CASE_OBJ("next(it) after a discard and re-add (same size)", PyIter_Next(it));
    Py_DECREF(it);
    CASE_OBJ("PySequence_List(s)", PySequence_List(s));
    CASE_OBJ("PySequence_Tuple(f)", PySequence_Tuple(f));
    Py_DECREF(s);
    Py_DECREF(f);
}


/* ------------------------------------------------------------------ */
/*                 Subclasses made with PyType_FromSpec               */
/* ------------------------------------------------------------------ */

static PyType_Slot empty_slots[] = {{0, NULL}};

static void subclass_cases(void)
{
    PyType_Spec set_spec = {"sets.MySet", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, empty_slots};
    PyType_Spec frozen_spec = {"sets.MyFrozen", 0, 0, Py_TPFLAGS_DEFAULT, empty_slots};
    PyObject *my_set = PyType_FromSpecWithBases(&set_spec, (PyObject *)&PySet_Type);
    PyObject *my_frozen = PyType_FromSpecWithBases(&frozen_spec, (PyObject *)&PyFrozenSet_Type);
    if (my_set == NULL || my_frozen == NULL) {
        begin("subclass types");
        put_exception();
        end();
        Py_XDECREF(my_set);
        Py_XDECREF(my_frozen);
        return;
    }
    PyObject *l = ints(3, 2L, 1L, 2L);
    PyObject *s = PyObject_CallOneArg(my_set, l), *f = PyObject_CallOneArg(my_frozen, l);
    PyObject *plain = iset(0, 1, 5L);
    CASE_OBJ("repr(MySet([2, 1, 2]))", PyObject_Repr(s));
    CASE_OBJ("repr(MyFrozen([2, 1, 2]))", PyObject_Repr(f));
    CASE_OBJ("MySet()", PyObject_CallNoArgs(my_set));
    CASE_OBJ("MySet(1, 2)", PyObject_CallFunction(my_set, "ii", 1, 2));
    begin("checks of subclass instances");
    put("%d%d%d%d %d%d%d%d", PySet_Check(s), PySet_CheckExact(s), PyAnySet_Check(s), PyAnySet_CheckExact(s),
        PyFrozenSet_Check(f), PyFrozenSet_CheckExact(f), PyAnySet_Check(f), PyAnySet_CheckExact(f));
    end();
    CASE_OBJ("MySet | set", PyNumber_Or(s, plain));
    CASE_OBJ("set | MySet", PyNumber_Or(plain, s));
    CASE_OBJ("MyFrozen - set", PyNumber_Subtract(f, plain));
    CASE_OBJ("MySet.copy()", PyObject_CallMethod(s, "copy", NULL));
    begin("MyFrozen.copy() is a new frozenset");
    {
        PyObject *c = PyObject_CallMethod(f, "copy", NULL);
        put("%d ", c == f);
        obj_result(c);
    }
    end();
    begin("MyFrozen == frozenset");
    {
        PyObject *g = PyFrozenSet_New(l);
        obj_result(PyObject_RichCompare(f, g, Py_EQ));
        Py_DECREF(g);
    }
    end();
    begin("hash(MyFrozen) == hash(frozenset)");
    {
        PyObject *g = PyFrozenSet_New(l);
        put("%d", PyObject_Hash(f) == PyObject_Hash(g));
        Py_DECREF(g);
    }
    end();
    begin("PySet_Add(MySet, 9)");
    {
        PyObject *nine = PyLong_FromLong(9);
        int_result(PySet_Add(s, nine));
        Py_DECREF(nine);
    }
    end();
    CASE_OBJ("MySet.pop()", PySet_Pop(s));
    CASE_SSIZE("PySet_Size(MyFrozen)", PySet_Size(f));
    Py_DECREF(s);
    Py_DECREF(f);
    Py_DECREF(plain);
    Py_DECREF(l);
    Py_DECREF(my_set);
    Py_DECREF(my_frozen);
}

/* ------------------------------------------------------------------ */
/*          Re-entrancy: an __eq__ that changes the set               */
/* ------------------------------------------------------------------ */

/* Elements that all hash alike, whose == (by `id`) first runs `mischief`
   on the set under test: clearing it, or growing it past a resize. */
typedef struct {
    PyObject_HEAD
    long id;
} Evil;

static PyObject *victim;
static int mischief; /* 0 none, 1 clear, 2 grow by 40 ints */

static Py_hash_t evil_hash(PyObject *self)
{
    (void)self;
    return 12345;
}

static PyObject *evil_richcompare(PyObject *a, PyObject *b, int op)
{
    if (op != Py_EQ || Py_TYPE(b) != Py_TYPE(a))
        Py_RETURN_NOTIMPLEMENTED;
    if (victim != NULL && mischief != 0) {
        int what = mischief;
        mischief = 0;
        if (what == 1) {
            PySet_Clear(victim);
        } else {
            for (long i = 1000; i < 1040; i++) {
                PyObject *v = PyLong_FromLong(i);
                PySet_Add(victim, v);
                Py_DECREF(v);
            }
        }
    }
    return PyBool_FromLong(((Evil *)a)->id == ((Evil *)b)->id);
}

/* The set being printed, whose repr an element's repr includes. */
static PyObject *printing;

static PyObject *evil_repr(PyObject *self)
{
    if (printing != NULL)
        return PyUnicode_FromFormat("E%ld<%R>", ((Evil *)self)->id, printing);
    return PyUnicode_FromFormat("E%ld", ((Evil *)self)->id);
}

static PyType_Slot evil_slots[] = {
    {Py_tp_hash, (void *)evil_hash},
    {Py_tp_richcompare, (void *)evil_richcompare},
    {Py_tp_repr, (void *)evil_repr},
    {0, NULL},
};

static PyObject *evil_type;

static PyObject *evil(long id)
{
    PyObject *e = PyType_GenericAlloc((PyTypeObject *)evil_type, 0);
    if (e != NULL)
        ((Evil *)e)->id = id;
    return e;
}

/* Runs `what` on a fresh set {E1, E2} (plus `extra` ints) with `mode`
   armed, and shows the result and the set afterwards. */
static void evil_case(const char *what, int mode, int op, long id)
{
    PyObject *s = PySet_New(NULL), *e1 = evil(1), *e2 = evil(2), *k = evil(id);
    PySet_Add(s, e1);
    PySet_Add(s, e2);
    victim = s;
    mischief = mode;
    begin(what);
    switch (op) {
    case 0:
        int_result(PySet_Add(s, k));
        break;
    case 1:
        int_result(PySet_Contains(s, k));
        break;
    case 2:
        int_result(PySet_Discard(s, k));
        break;
    default: {
        PyObject *t = PySet_New(NULL);
        PySet_Add(t, k);
        obj_result(PyNumber_Or(s, t));
        Py_DECREF(t);
    }
    }
    victim = NULL;
    mischief = 0;
    put(" | set now ");
    if (PySet_GET_SIZE(s) < 10)
        put_repr(s);
    else
        put("%zd elements", PySet_GET_SIZE(s));
    end();
    Py_DECREF(s);
    Py_DECREF(e1);
    Py_DECREF(e2);
    Py_DECREF(k);
}

static void reentrancy_cases(void)
{
    PyType_Spec spec = {"sets.Evil", sizeof(Evil), 0, Py_TPFLAGS_DEFAULT, evil_slots};
    evil_type = PyType_FromSpec(&spec);
    if (evil_type == NULL) {
        begin("Evil type");
        put_exception();
        end();
        return;
    }
    static const char *ops[] = {"add", "contains", "discard", "|"};
    static const char *modes[] = {"quiet", "clears", "grows"};
    for (int mode = 0; mode < 3; mode++)
        for (int op = 0; op < 4; op++)
            for (long id = 2; id <= 3; id++) {
                char what[96];
                snprintf(what, sizeof what, "%s E%ld while == %s the set", ops[op], id, modes[mode]);
                evil_case(what, mode, op, id);
            }
    {
        /* A set reached again while printing itself prints as set(...). */
        PyObject *s = PySet_New(NULL), *f, *e = evil(7);
        PySet_Add(s, e);
        printing = s;
        CASE_OBJ("repr of a set whose element prints the set", PyObject_Repr(s));
        f = PyFrozenSet_New(s);
        printing = f;
        CASE_OBJ("repr of a frozenset whose element prints it", PyObject_Repr(f));
        printing = NULL;
        Py_DECREF(f);
        Py_DECREF(s);
        Py_DECREF(e);
    }
    Py_CLEAR(evil_type);
}

/* ------------------------------------------------------------------ */
/*                 str elements under a fixed hash seed               */
/* ------------------------------------------------------------------ */

static void str_cases(void)
{
    static const char *words[] = {"alpha", "beta", "gamma", "delta", "", "é", "日本", "x", "yy", "zzz",
                                  "alpha", "omega", "pi", "rho", "sigma", "tau"};
    PyObject *s = PySet_New(NULL);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        PyObject *w = PyUnicode_FromString(words[i]);
        PySet_Add(s, w);
        Py_DECREF(w);
        if (i % 5 == 4) {
            PyObject *d = PyUnicode_FromString(words[i / 2]);
            PySet_Discard(s, d);
            Py_DECREF(d);
        }
    }
    CASE_OBJ("set of str (PYTHONHASHSEED=42)", PyObject_Repr(s));
    begin("hash(frozenset of str)");
    {
        PyObject *f = PyFrozenSet_New(s);
        put("%zd", (Py_ssize_t)PyObject_Hash(f));
        Py_DECREF(f);
    }
    end();
    CASE_OBJ("pop() of the str set", PySet_Pop(s));
    Py_DECREF(s);
}

int main(void)
{
    setenv("PYTHONHASHSEED", "42", 1);
    Py_Initialize();
    api_cases();
    order_cases();
    compare_cases();
    method_cases();
    iter_cases();
    subclass_cases();
    reentrancy_cases();
    str_cases();
    return 0;
}
