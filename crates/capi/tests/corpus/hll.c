/* HLL 3.0.0: a 64-bit HyperLogLog cardinality estimator over MurmurHash64A
 * (HLL.HyperLogLog, a static subclassable type whose tp_init parses
 * "|iiikk" keywords), sparse and dense register files, merging, Ertl's
 * joint estimator for intersections, registers() as bytes, pickling
 * through __reduce__ (Py_BuildValue "(ONN)") and __setstate__ over a
 * list of ints.
 *
 * Vectors: the README's quick start, the upstream test.py's cases that
 * still apply to 3.0 (the constructor's p range and seed, empty and
 * small estimates, merging unequal sizes, registers() length), estimates
 * of known cardinalities within HyperLogLog's error, sparse and dense
 * agreeing, a pickle round trip done by hand, and the errors; the exact
 * estimates and hashes are recorded against CPython's.
 */
#include "corpus.h"

#include <math.h>

static PyObject *HLL;

static PyObject *make(PyObject *kwargs, const char *fmt, ...)
{
    begin_call(NULL);
    va_list va;
    va_start(va, fmt);
    PyObject *r = vcall(HLL, kwargs, fmt, va);
    va_end(va);
    return r;
}

static long long card(PyObject *h)
{
    PyObject *c = take(call_attr(h, "cardinality", NULL, "()"));
    long long v = c ? PyLong_AsLongLong(c) : -1;
    Py_XDECREF(c);
    return v;
}

/* Adds "item-<i>" for i in [from, to) one add() each. */
static void add_items(PyObject *h, int from, int to)
{
    char buf[32];
    for (int i = from; i < to; i++) {
        snprintf(buf, sizeof buf, "item-%d", i);
        PyObject *r = take(call_attr(h, "add", NULL, "(s)", buf));
        Py_XDECREF(r);
    }
}

static void within(long long got, long long want, double tolerance, const char *what)
{
    char label[160];
    int ok = got >= 0 && fabs((double)(got - want)) <= tolerance * (double)want + 2;
    if (!ok)
        diag("estimate %lld for %lld; ", got, want);
    tap(ok, what);
    snprintf(label, sizeof label, "%s: the estimate", what);
    PyObject *v = PyLong_FromLongLong(got);
    record_value(v, label);
    Py_DECREF(v);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    HLL = attr(module, "HyperLogLog");

    /* README quick start */
    {
        PyObject *h = keep(make(NULL, "(i)", 10), "HyperLogLog(10)");
        PyObject *r = take(call_attr(h, "add", NULL, "(s)", "some data"));
        Py_XDECREF(r);
        expect_int(call_attr(h, "cardinality", NULL, "()"), "1", "hll.add('some data'); hll.cardinality() == 1");
        expect_int(call_attr(h, "size", NULL, "()"), "1024", "HyperLogLog(10).size() == 1024");
        Py_DECREF(h);
    }
    /* Defaults: p=12, seed 314. */
    {
        PyObject *h = keep(make(NULL, "()"), "HyperLogLog()");
        expect_int(call_attr(h, "size", NULL, "()"), "4096", "default size 2**12");
        expect_int(call_attr(h, "seed", NULL, "()"), "314", "default seed 314");
        expect_int(call_attr(h, "cardinality", NULL, "()"), "0", "empty cardinality is 0");
        PyObject *regs = take(call_attr(h, "registers", NULL, "()"));
        tap(regs && PyBytes_Check(regs) && PyBytes_GET_SIZE(regs) == 4096, "registers() is 4096 bytes");
        Py_XDECREF(regs);
        record(call_attr(h, "_get_meta", NULL, "()"), "HyperLogLog()._get_meta()");
        Py_DECREF(h);
    }
    /* TestHyperLogLogConstructor */
    record(make(NULL, "(i)", 0), "HyperLogLog(0)");
    record(make(NULL, "(i)", -1), "HyperLogLog(-1)");
    record(make(NULL, "(i)", 1), "HyperLogLog(1)");
    record(make(NULL, "(i)", 64), "HyperLogLog(64)");
    record(make(NULL, "(s)", "x"), "HyperLogLog('x')");
    record(make(kw_dict("{s:i}", "bogus", 1), "()"), "HyperLogLog(bogus=1)");
    {
        PyObject *h2 = take(make(NULL, "(i)", 2)), *h16 = take(make(NULL, "(i)", 16));
        tap(h2 && h16, "HyperLogLog(2) and HyperLogLog(16) are valid");
        Py_XDECREF(h2), Py_XDECREF(h16);
        PyObject *a = keep(make(kw_dict("{s:i}", "seed", 4), "(i)", 5), "HyperLogLog(5, seed=4)");
        PyObject *b = keep(make(kw_dict("{s:i}", "seed", 2), "(i)", 5), "HyperLogLog(5, seed=2)");
        expect_int(call_attr(a, "seed", NULL, "()"), "4", "seed() == 4");
        PyObject *ha = take(call_attr(a, "hash", NULL, "(s)", "test"));
        PyObject *hb = take(call_attr(b, "hash", NULL, "(s)", "test"));
        tap(ha && hb && PyObject_RichCompareBool(ha, hb, Py_NE) == 1, "hashes differ by seed");
        record_value(ha, "HyperLogLog(5, seed=4).hash('test')");
        record_value(hb, "HyperLogLog(5, seed=2).hash('test')");
        PyObject *hc = take(call_attr(a, "hash", NULL, "(y)", "test"));
        tap(hc && PyObject_RichCompareBool(ha, hc, Py_EQ) == 1, "hash(b'test') == hash('test')");
        Py_XDECREF(ha), Py_XDECREF(hb), Py_XDECREF(hc);
        expect_int(call_attr(a, "size", NULL, "()"), "32", "HyperLogLog(5).size() == 32");
        PyObject *regs = take(call_attr(a, "registers", NULL, "()"));
        int zero = regs != NULL && PyBytes_GET_SIZE(regs) == 32;
        for (Py_ssize_t i = 0; zero && i < 32; i++)
            zero = PyBytes_AS_STRING(regs)[i] == 0;
        tap(zero, "all 32 registers start at zero");
        Py_XDECREF(regs);
        /* TestMerging: unequal sizes */
        PyObject *c = take(make(NULL, "(i)", 4));
        record(call_attr(c, "merge", NULL, "(O)", a), "HyperLogLog(4).merge(HyperLogLog(5))");
        record(call_attr(c, "merge", NULL, "(s)", "x"), "merge('x')");
        record(call_attr(c, "intersection_cardinality", NULL, "(O)", a), "intersection_cardinality of unequal sizes");
        record(call_attr(c, "intersection_cardinality", NULL, "(i)", 3), "intersection_cardinality(3)");
        record(call_attr(a, "get_register", NULL, "(i)", 31), "get_register(31)");
        record(call_attr(a, "get_register", NULL, "(i)", 32), "get_register(32)");
        record(call_attr(a, "get_register", NULL, "(i)", -1), "get_register(-1)");
        record(call_attr(a, "add", NULL, "(i)", 5), "add(5)");
        record(call_attr(a, "add", NULL, "()"), "add()");
        record(call_attr(a, "add_range", NULL, "(i)", 5), "add_range(5)");
        record(call_attr(a, "add_range", NULL, "(ii)", -1, 5), "add_range(-1, 5)");
        Py_XDECREF(c);
        Py_DECREF(a);
        Py_DECREF(b);
    }

    /* Estimates of known cardinalities (standard error 1.04/sqrt(m)). */
    {
        PyObject *sparse = keep(make(NULL, "(i)", 14), "HyperLogLog(14)");
        PyObject *dense = keep(make(kw_dict("{s:i}", "sparse", 0), "(i)", 14), "HyperLogLog(14, sparse=0)");
        add_items(sparse, 0, 200);
        add_items(dense, 0, 200);
        within(card(sparse), 200, 0.02, "200 items, sparse");
        within(card(dense), 200, 0.02, "200 items, dense");
        add_items(sparse, 0, 200); /* duplicates change nothing */
        within(card(sparse), 200, 0.02, "200 items twice, sparse");
        add_items(sparse, 200, 20000);
        add_items(dense, 200, 20000);
        long long s = card(sparse), d = card(dense);
        within(s, 20000, 0.03, "20000 items, sparse (now dense)");
        tap(s == d, "sparse and dense agree");
        PyObject *rs = take(call_attr(sparse, "registers", NULL, "()"));
        PyObject *rd = take(call_attr(dense, "registers", NULL, "()"));
        tap(rs && rd && PyObject_RichCompareBool(rs, rd, Py_EQ) == 1, "sparse and dense registers agree");
        record_value(rs, "registers() after 20000 items");
        Py_XDECREF(rs), Py_XDECREF(rd);
        record(call_attr(sparse, "_histogram", NULL, "()"), "_histogram() after 20000 items");
        record(call_attr(sparse, "get_register", NULL, "(i)", 100), "get_register(100)");

        /* add_range */
        PyObject *r = keep(make(NULL, "(i)", 12), "HyperLogLog(12) for add_range");
        PyObject *none = take(call_attr(r, "add_range", NULL, "(ii)", 0, 100000));
        Py_XDECREF(none);
        within(card(r), 100000, 0.05, "add_range(0, 100000)");
        none = take(call_attr(r, "add_range", NULL, "(ii)", 0, 100000));
        Py_XDECREF(none);
        within(card(r), 100000, 0.05, "add_range(0, 100000) twice");

        /* merge and intersection: [0, 60000) and [40000, 100000) */
        PyObject *a = keep(make(NULL, "(i)", 12), "HyperLogLog(12) a");
        PyObject *b = keep(make(NULL, "(i)", 12), "HyperLogLog(12) b");
        none = take(call_attr(a, "add_range", NULL, "(ii)", 0, 60000));
        Py_XDECREF(none);
        none = take(call_attr(b, "add_range", NULL, "(ii)", 40000, 60000));
        Py_XDECREF(none);
        PyObject *inter = take(call_attr(a, "intersection_cardinality", NULL, "(O)", b));
        within(inter ? PyLong_AsLongLong(inter) : -1, 20000, 0.15, "intersection_cardinality about 20000");
        Py_XDECREF(inter);
        none = take(call_attr(a, "merge", NULL, "(O)", b));
        tap(none == Py_None, "merge returns None");
        Py_XDECREF(none);
        within(card(a), 100000, 0.05, "merged cardinality about 100000");
        PyObject *ra = take(call_attr(a, "registers", NULL, "()"));
        PyObject *rr = take(call_attr(r, "registers", NULL, "()"));
        tap(ra && rr && PyObject_RichCompareBool(ra, rr, Py_EQ) == 1, "merge equals adding the union");
        Py_XDECREF(ra), Py_XDECREF(rr);

        /* Pickling by hand: type(*args) then __setstate__(state). */
        PyObject *sources[] = {sparse, r};
        const char *names[] = {"20000 items", "add_range(0, 100000)"};
        PyObject *small = take(make(NULL, "(i)", 10));
        add_items(small, 0, 30);
        PyObject *all[] = {sources[0], sources[1], small};
        const char *all_names[] = {names[0], names[1], "30 items, still sparse"};
        for (int i = 0; i < 3; i++) {
            char what[96];
            PyObject *red = take(call_attr(all[i], "__reduce__", NULL, "()"));
            int ok = red && PyTuple_Check(red) && PyTuple_GET_SIZE(red) == 2 + 1;
            PyObject *copy = NULL;
            if (ok) {
                snprintf(what, sizeof what, "__reduce__() args of %s", all_names[i]);
                record_value(PyTuple_GET_ITEM(red, 1), what);
                copy = PyObject_Call(PyTuple_GET_ITEM(red, 0), PyTuple_GET_ITEM(red, 1), NULL);
                PyObject *st = copy ? take(call_attr(copy, "__setstate__", NULL, "(O)", PyTuple_GET_ITEM(red, 2)))
                                    : NULL;
                ok = st == Py_None;
                Py_XDECREF(st);
            }
            ok = ok && card(copy) == card(all[i]);
            PyObject *r1 = ok ? take(call_attr(copy, "registers", NULL, "()")) : NULL;
            PyObject *r2 = ok ? take(call_attr(all[i], "registers", NULL, "()")) : NULL;
            ok = ok && r1 && r2 && PyObject_RichCompareBool(r1, r2, Py_EQ) == 1;
            Py_XDECREF(r1), Py_XDECREF(r2);
            snprintf(what, sizeof what, "pickle round trip of %s", all_names[i]);
            tap(ok, what);
            Py_XDECREF(copy);
            Py_XDECREF(red);
        }
        Py_XDECREF(small);
        Py_DECREF(a), Py_DECREF(b), Py_DECREF(r), Py_DECREF(sparse), Py_DECREF(dense);
    }
    /* A subclass made with type(). */
    {
        PyObject *bases = Py_BuildValue("(O)", HLL), *ns = PyDict_New();
        /* Made outside call(): the new type keeps its name and bases. */
        PyObject *sub = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", "Sub", bases, ns);
        if (sub == NULL)
            bail("cannot subclass HyperLogLog");
        PyObject *h = keep(call(sub, NULL, "(i)", 8), "Sub(8)");
        PyObject *none = take(call_attr(h, "add", NULL, "(s)", "x"));
        Py_XDECREF(none);
        expect_int(call_attr(h, "cardinality", NULL, "()"), "1", "Sub(8).add('x'); cardinality() == 1");
        Py_DECREF(h), Py_DECREF(sub), Py_DECREF(bases), Py_DECREF(ns);
    }

    Py_DECREF(HLL);
}

CORPUS_MAIN("HLL", run)
