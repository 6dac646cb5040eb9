/* Differential cases for the str C API that splits, partitions, replaces,
 * compares, appends, resizes and fills (Objects/unicodeobject.c):
 * PyUnicode_Split, RSplit, Splitlines, Partition, RPartition, Replace,
 * RichCompare, Append, AppendAndDel, Resize, Fill, IsIdentifier,
 * GetDefaultEncoding, GetSize, InternImmortal, and the str methods that
 * share their code. Besides each result, a case shows which items of it
 * are the argument objects themselves ("ids": s = the string, p = the
 * separator, - = a new object; a capital letter for an instance of a str
 * subclass; e = an empty str, which is one shared object in CPython), as
 * CPython returns the string itself where nothing was split or replaced,
 * and the reference counts the case changed.
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

#include "refcase.h"

static PyObject *Sub; /* a heap subclass of str */

static PyObject *U(const char *utf8) { return PyUnicode_FromString(utf8); }

static PyObject *S(const char *utf8)
{
    PyObject *u = U(utf8);
    PyObject *r = PyObject_CallOneArg(Sub, u);
    Py_DECREF(u);
    return r;
}

/* watch(o) unless already watched (CPython's empty strs are one object). */
static void watch1(PyObject *o)
{
    for (int i = 0; i < n_watched; i++)
        if (watched[i] == o)
            return;
    watch(o);
}

/* Appends " ids=..." for `r` (a list or tuple: per item; else itself). */
static void put_ids(PyObject *r, PyObject *s, PyObject *p)
{
    if (r == NULL)
        return;
    put(" ids=");
    int seq = PyList_Check(r) || PyTuple_Check(r);
    Py_ssize_t n = seq ? PySequence_Fast_GET_SIZE(r) : 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *o = seq ? PySequence_Fast_ITEMS(r)[i] : r;
        int sub = !PyUnicode_CheckExact(o);
        if (!PyUnicode_Check(o)) {
            put(".");
            continue;
        }
        if (!sub && PyUnicode_GET_LENGTH(o) == 0) {
            put("e"); /* CPython's empty str is one object: who it is tells nothing */
            continue;
        }
        put("%c", o == s ? (sub ? 'S' : 's') : o == p ? (sub ? 'P' : 'p') : (sub ? '*' : '-'));
    }
    put(" ");
}

/* One case whose result (stolen) is shown with its ids; `s` and `p` are
   watched for leaks. */
static void case_ids(const char *what, PyObject *s, PyObject *p, PyObject *r)
{
    begin(what);
    put_ids(r, s, p);
    obj_result(r);
    end();
}

#define SPLIT(fn, what, s, p, n)                     \
    do {                                             \
        PyObject *s_ = (s), *p_ = (p);               \
        begin(what);                                 \
        watch(s_);                                   \
        watch1(p_);                                   \
        PyObject *r_ = fn(s_, p_, n);                \
        put_ids(r_, s_, p_);                         \
        obj_result(r_);                              \
        end();                                       \
        Py_XDECREF(s_);                              \
        Py_XDECREF(p_);                              \
    } while (0)

#define PART(fn, what, s, p)                         \
    do {                                             \
        PyObject *s_ = (s), *p_ = (p);               \
        begin(what);                                 \
        watch(s_);                                   \
        watch1(p_);                                   \
        PyObject *r_ = fn(s_, p_);                   \
        put_ids(r_, s_, p_);                         \
        obj_result(r_);                              \
        end();                                       \
        Py_XDECREF(s_);                              \
        Py_XDECREF(p_);                              \
    } while (0)

static void replace_case(const char *what, PyObject *s, PyObject *old, PyObject *new, Py_ssize_t n)
{
    begin(what);
    watch(s);
    watch1(old);
    watch1(new);
    PyObject *r = PyUnicode_Replace(s, old, new, n);
    put_ids(r, s, new);
    obj_result(r);
    end();
    Py_XDECREF(s);
    Py_XDECREF(old);
    Py_XDECREF(new);
}

static void splitlines_case(const char *what, PyObject *s, int keepends)
{
    begin(what);
    watch(s);
    PyObject *r = PyUnicode_Splitlines(s, keepends);
    put_ids(r, s, NULL);
    obj_result(r);
    end();
    Py_XDECREF(s);
}

static void richcompare_case(const char *what, PyObject *a, PyObject *b, int op)
{
    begin(what);
    watch1(a);
    watch1(b);
    obj_result(PyUnicode_RichCompare(a, b, op));
    end();
    Py_XDECREF(a);
    Py_XDECREF(b);
}

/* PyUnicode_Append(&left, right) (and AndDel): the new left, whether it
   is the old left or right itself, and the counts of right (and of the
   old left, which a case watches through its own reference). */
static void append_case(const char *what, PyObject *left, PyObject *right, int and_del)
{
    begin(what);
    watch(right);
    PyObject *old = left;
    Py_XINCREF(old);
    Py_ssize_t old_cnt = old ? Py_REFCNT(old) : 0;
    if (and_del)
        Py_XINCREF(right); /* the reference AppendAndDel takes */
    if (and_del)
        PyUnicode_AppendAndDel(&left, right);
    else
        PyUnicode_Append(&left, right);
    Py_ssize_t old_delta = old ? Py_REFCNT(old) - old_cnt : 0;
    if (left == NULL) {
        put("left=NULL");
        if (PyErr_Occurred()) {
            put(" raised ");
            put_exception();
        }
    } else {
        put("left=");
        put_repr(left);
        put(" %s%s kind=%d", Py_TYPE(left)->tp_name, left == old ? " (same)" : left == right ? " (right)" : "",
            (int)PyUnicode_KIND(left));
        Py_DECREF(left);
    }
    if (old != NULL) {
        put(" old left count %+zd", old_delta);
        Py_DECREF(old);
    }
    end();
    Py_XDECREF(right);
}

/* A fresh ASCII str of `n` characters of `text`'s start (C code fills
   one this way), then the same of kind 2. */
static PyObject *fresh(const char *text, Py_ssize_t n, Py_UCS4 maxchar)
{
    PyObject *s = PyUnicode_New(n, maxchar);
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), i, (Py_UCS4)(unsigned char)text[i]);
    return s;
}

/* Shows a str's first `n` characters, length and kind (characters a
   resize added are not shown: CPython leaves them undefined). */
static void put_head(PyObject *s, Py_ssize_t n)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    PyObject *head = PyUnicode_Substring(s, 0, n < len ? n : len);
    put("len=%zd kind=%d ascii=%d head=", len, (int)PyUnicode_KIND(s), (int)PyUnicode_IS_ASCII(s));
    put_repr(head);
    Py_DECREF(head);
}

static void resize_case(const char *what, PyObject *s, Py_ssize_t length, Py_ssize_t shown)
{
    begin(what);
    PyObject *old = s;
    int r = PyUnicode_Resize(&s, length);
    if (r == -1) {
        put("raised ");
        put_exception();
        put(s == old ? " (kept)" : " (changed)");
    } else {
        put("-> %d ", r);
        put_head(s, shown);
    }
    end();
    Py_XDECREF(s);
}

static void fill_case(const char *what, PyObject *s, Py_ssize_t start, Py_ssize_t length, Py_UCS4 ch)
{
    begin(what);
    Py_ssize_t r = PyUnicode_Fill(s, start, length, ch);
    if (r == -1 && PyErr_Occurred()) {
        put("raised ");
        put_exception();
    } else {
        put("-> %zd ", r);
    }
    if (s != NULL && PyUnicode_Check(s)) {
        put(" now ");
        put_repr(s);
    }
    end();
}

/* s.name(*args) through the method, with the ids of the result. */
static void method_case(const char *what, PyObject *s, const char *name, PyObject *args, PyObject *kwargs)
{
    PyObject *m = PyObject_GetAttrString(s, name);
    PyObject *r = PyObject_Call(m, args, kwargs);
    PyObject *p = PyTuple_GET_SIZE(args) ? PyTuple_GET_ITEM(args, 0) : NULL;
    case_ids(what, s, p, r);
    Py_DECREF(m);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    Py_DECREF(s);
}

static PyType_Slot sub_slots[] = {{0, NULL}};
static PyType_Spec sub_spec = {"unicode3.Sub", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, sub_slots};

int main(void)
{
    Py_Initialize();
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyUnicode_Type);
    Sub = PyType_FromSpecWithBases(&sub_spec, bases);
    Py_DECREF(bases);

    /* ---- PyUnicode_Split / RSplit ---- */
    SPLIT(PyUnicode_Split, "Split('a b  c', NULL, -1)", U("a b  c"), NULL, -1);
    SPLIT(PyUnicode_Split, "Split('  a b  ', NULL, 1)", U("  a b  "), NULL, 1);
    SPLIT(PyUnicode_Split, "Split('  a b  ', NULL, 0)", U("  a b  "), NULL, 0);
    SPLIT(PyUnicode_Split, "Split('abc', NULL, -1)", U("abc"), NULL, -1);
    SPLIT(PyUnicode_Split, "Split('abc', NULL, 0)", U("abc"), NULL, 0);
    SPLIT(PyUnicode_Split, "Split('', NULL, -1)", U(""), NULL, -1);
    SPLIT(PyUnicode_Split, "Split('   ', NULL, -1)", U("   "), NULL, -1);
    SPLIT(PyUnicode_Split, "Split('a,b,,c', ',', -1)", U("a,b,,c"), U(","), -1);
    SPLIT(PyUnicode_Split, "Split('a,b,,c', ',', 2)", U("a,b,,c"), U(","), 2);
    SPLIT(PyUnicode_Split, "Split('a,b,,c', ',', 0)", U("a,b,,c"), U(","), 0);
    SPLIT(PyUnicode_Split, "Split('a,b,,c', ',', -7)", U("a,b,,c"), U(","), -7);
    SPLIT(PyUnicode_Split, "Split('abc', 'x', -1)", U("abc"), U("x"), -1);
    SPLIT(PyUnicode_Split, "Split('a<>b<>', '<>', -1)", U("a<>b<>"), U("<>"), -1);
    SPLIT(PyUnicode_Split, "Split('', ',', -1)", U(""), U(","), -1);
    SPLIT(PyUnicode_Split, "Split('abc', '', -1)", U("abc"), U(""), -1);
    SPLIT(PyUnicode_Split, "Split('', '', -1)", U(""), U(""), -1);
    SPLIT(PyUnicode_Split, "Split('ab', 'abc', -1)", U("ab"), U("abc"), -1);
    SPLIT(PyUnicode_Split, "Split('ab', '\\u20ac', -1)", U("ab"), U("\xe2\x82\xac"), -1);
    SPLIT(PyUnicode_Split, "Split('x\\u20acy\\u20acz', '\\u20ac', 1)", U("x\xe2\x82\xacy\xe2\x82\xacz"),
          U("\xe2\x82\xac"), 1);
    SPLIT(PyUnicode_Split, "Split('a\\u3000b\\x1cc\\x85d', NULL, -1)", U("a\xe3\x80\x80" "b\x1c" "c\xc2\x85" "d"),
          NULL, -1);
    SPLIT(PyUnicode_Split, "Split('\\U0001f600 \\U0001f601', NULL, -1)", U("\xf0\x9f\x98\x80 \xf0\x9f\x98\x81"),
          NULL, -1);
    SPLIT(PyUnicode_Split, "Split(Sub('ab'), 'abc', -1)", S("ab"), U("abc"), -1);
    SPLIT(PyUnicode_Split, "Split(Sub('ab'), 'x', -1)", S("ab"), U("x"), -1);
    SPLIT(PyUnicode_Split, "Split(Sub('ab'), NULL, -1)", S("ab"), NULL, -1);
    SPLIT(PyUnicode_Split, "Split(Sub('a b'), ' ', -1)", S("a b"), U(" "), -1);
    SPLIT(PyUnicode_Split, "Split('ab', Sub('b'), -1)", U("ab"), S("b"), -1);
    SPLIT(PyUnicode_Split, "Split(1, NULL, -1)", PyLong_FromLong(1), NULL, -1);
    SPLIT(PyUnicode_Split, "Split(b'a', NULL, -1)", PyBytes_FromString("a"), NULL, -1);
    SPLIT(PyUnicode_Split, "Split('a', None, -1)", U("a"), Py_NewRef(Py_None), -1);
    SPLIT(PyUnicode_Split, "Split('a', 1, -1)", U("a"), PyLong_FromLong(1), -1);
    SPLIT(PyUnicode_RSplit, "RSplit('a b  c', NULL, -1)", U("a b  c"), NULL, -1);
    SPLIT(PyUnicode_RSplit, "RSplit('  a b  ', NULL, 1)", U("  a b  "), NULL, 1);
    SPLIT(PyUnicode_RSplit, "RSplit('  a b  ', NULL, 0)", U("  a b  "), NULL, 0);
    SPLIT(PyUnicode_RSplit, "RSplit('abc', NULL, -1)", U("abc"), NULL, -1);
    SPLIT(PyUnicode_RSplit, "RSplit('abc', NULL, 0)", U("abc"), NULL, 0);
    SPLIT(PyUnicode_RSplit, "RSplit('', NULL, -1)", U(""), NULL, -1);
    SPLIT(PyUnicode_RSplit, "RSplit('a,b,,c', ',', 1)", U("a,b,,c"), U(","), 1);
    SPLIT(PyUnicode_RSplit, "RSplit('a,b,,c', ',', 0)", U("a,b,,c"), U(","), 0);
    SPLIT(PyUnicode_RSplit, "RSplit('aaa', 'aa', -1)", U("aaa"), U("aa"), -1);
    SPLIT(PyUnicode_Split, "Split('aaa', 'aa', -1)", U("aaa"), U("aa"), -1);
    SPLIT(PyUnicode_RSplit, "RSplit('abc', '', -1)", U("abc"), U(""), -1);
    SPLIT(PyUnicode_RSplit, "RSplit('ab', 'abc', -1)", U("ab"), U("abc"), -1);
    SPLIT(PyUnicode_RSplit, "RSplit(Sub('ab'), 'x', 3)", S("ab"), U("x"), 3);
    SPLIT(PyUnicode_RSplit, "RSplit(1.5, ',', -1)", PyFloat_FromDouble(1.5), U(","), -1);
    SPLIT(PyUnicode_RSplit, "RSplit('a', b',', -1)", U("a"), PyBytes_FromString(","), -1);

    /* ---- PyUnicode_Splitlines ---- */
    splitlines_case("Splitlines('a\\nb\\r\\nc\\rd', 0)", U("a\nb\r\nc\rd"), 0);
    splitlines_case("Splitlines('a\\nb\\r\\nc\\rd', 1)", U("a\nb\r\nc\rd"), 1);
    splitlines_case("Splitlines('a\\n\\nb\\n', 0)", U("a\n\nb\n"), 0);
    splitlines_case("Splitlines('abc', 0)", U("abc"), 0);
    splitlines_case("Splitlines('abc\\n', 0)", U("abc\n"), 0);
    splitlines_case("Splitlines('abc\\n', 1)", U("abc\n"), 1);
    splitlines_case("Splitlines('abc\\r\\n', 2)", U("abc\r\n"), 2);
    splitlines_case("Splitlines('', 0)", U(""), 0);
    splitlines_case("Splitlines('a\\u2028b\\x85c\\vd\\fe\\x1cf\\x1dg\\x1eh\\u2029', 0)",
                    U("a\xe2\x80\xa8" "b\xc2\x85" "c\vd\fe\x1c" "f\x1dg\x1eh\xe2\x80\xa9"), 0);
    splitlines_case("Splitlines(Sub('abc'), 0)", S("abc"), 0);
    splitlines_case("Splitlines(Sub('a\\nb'), 1)", S("a\nb"), 1);
    splitlines_case("Splitlines(1, 0)", PyLong_FromLong(1), 0);

    /* ---- PyUnicode_Partition / RPartition ---- */
    PART(PyUnicode_Partition, "Partition('a=b=c', '=')", U("a=b=c"), U("="));
    PART(PyUnicode_RPartition, "RPartition('a=b=c', '=')", U("a=b=c"), U("="));
    PART(PyUnicode_Partition, "Partition('a<=>b', '<=>')", U("a<=>b"), U("<=>"));
    PART(PyUnicode_Partition, "Partition('abc', 'x')", U("abc"), U("x"));
    PART(PyUnicode_RPartition, "RPartition('abc', 'x')", U("abc"), U("x"));
    PART(PyUnicode_Partition, "Partition('abc', 'abc')", U("abc"), U("abc"));
    PART(PyUnicode_Partition, "Partition('ab', 'abc')", U("ab"), U("abc"));
    PART(PyUnicode_RPartition, "RPartition('ab', 'abc')", U("ab"), U("abc"));
    PART(PyUnicode_Partition, "Partition('ab', '\\u20ac')", U("ab"), U("\xe2\x82\xac"));
    PART(PyUnicode_Partition, "Partition('a\\u20acb', '\\u20ac')", U("a\xe2\x82\xac" "b"), U("\xe2\x82\xac"));
    PART(PyUnicode_Partition, "Partition('abc', '')", U("abc"), U(""));
    PART(PyUnicode_RPartition, "RPartition('', '')", U(""), U(""));
    PART(PyUnicode_Partition, "Partition('', 'x')", U(""), U("x"));
    PART(PyUnicode_Partition, "Partition(Sub('ab'), 'x')", S("ab"), U("x"));
    PART(PyUnicode_RPartition, "RPartition(Sub('ab'), 'abc')", S("ab"), U("abc"));
    PART(PyUnicode_Partition, "Partition(Sub('a=b'), '=')", S("a=b"), U("="));
    PART(PyUnicode_Partition, "Partition('a=b', Sub('='))", U("a=b"), S("="));
    PART(PyUnicode_Partition, "Partition(1, 'a')", PyLong_FromLong(1), U("a"));
    PART(PyUnicode_Partition, "Partition('a', None)", U("a"), Py_NewRef(Py_None));
    PART(PyUnicode_RPartition, "RPartition(b'a', 'a')", PyBytes_FromString("a"), U("a"));

    /* ---- PyUnicode_Replace ---- */
    replace_case("Replace('aaa', 'a', 'bb', -1)", U("aaa"), U("a"), U("bb"), -1);
    replace_case("Replace('aaa', 'a', 'bb', 2)", U("aaa"), U("a"), U("bb"), 2);
    replace_case("Replace('aaa', 'a', 'bb', 0)", U("aaa"), U("a"), U("bb"), 0);
    replace_case("Replace('aaaa', 'aa', 'x', -1)", U("aaaa"), U("aa"), U("x"), -1);
    replace_case("Replace('abc', '', '-', -1)", U("abc"), U(""), U("-"), -1);
    replace_case("Replace('abc', '', '-', 2)", U("abc"), U(""), U("-"), 2);
    replace_case("Replace('', '', 'xy', -1)", U(""), U(""), U("xy"), -1);
    replace_case("Replace('', '', 'xy', 0)", U(""), U(""), U("xy"), 0);
    replace_case("Replace('abc', '', '', -1)", U("abc"), U(""), U(""), -1);
    replace_case("Replace('abc', 'x', 'y', -1)", U("abc"), U("x"), U("y"), -1);
    replace_case("Replace('abc', 'abcd', 'y', -1)", U("abc"), U("abcd"), U("y"), -1);
    replace_case("Replace('abc', 'abc', 'xyz', -1)", U("abc"), U("abc"), U("xyz"), -1);
    replace_case("Replace('abc', 'abc', '', -1)", U("abc"), U("abc"), U(""), -1);
    {
        PyObject *same = U("bc");
        Py_INCREF(same);
        replace_case("Replace('abcd', x, x, -1) (same object)", U("abcd"), same, same, -1);
    }
    replace_case("Replace('abcd', 'bc', 'bc' (equal), -1)", U("abcd"), U("bc"), U("bc"), -1);
    replace_case("Replace('a\\u20aca', '\\u20ac', 'e', -1)", U("a\xe2\x82\xac" "a"), U("\xe2\x82\xac"), U("e"), -1);
    replace_case("Replace('aa', 'a', '\\U0001f600', -1)", U("aa"), U("a"), U("\xf0\x9f\x98\x80"), -1);
    replace_case("Replace(Sub('abc'), 'x', 'y', -1)", S("abc"), U("x"), U("y"), -1);
    replace_case("Replace(Sub('abc'), 'b', 'y', -1)", S("abc"), U("b"), U("y"), -1);
    replace_case("Replace('abc', 'b', Sub('y'), -1)", U("abc"), U("b"), S("y"), -1);
    replace_case("Replace(1, 'a', 'b', -1)", PyLong_FromLong(1), U("a"), U("b"), -1);
    replace_case("Replace('a', b'a', 'b', -1)", U("a"), PyBytes_FromString("a"), U("b"), -1);
    replace_case("Replace('a', 'a', None, -1)", U("a"), U("a"), Py_NewRef(Py_None), -1);

    /* ---- PyUnicode_RichCompare ---- */
    static const char *const ops[] = {"LT", "LE", "EQ", "NE", "GT", "GE"};
    char what[128];
    for (int op = Py_LT; op <= Py_GE; op++) {
        snprintf(what, sizeof what, "RichCompare('ab', 'b', %s)", ops[op]);
        richcompare_case(what, U("ab"), U("b"), op);
        snprintf(what, sizeof what, "RichCompare('ab', 'ab' (equal), %s)", ops[op]);
        richcompare_case(what, U("ab"), U("ab"), op);
        snprintf(what, sizeof what, "RichCompare(s, s, %s)", ops[op]);
        PyObject *s = U("ab");
        Py_INCREF(s);
        richcompare_case(what, s, s, op);
    }
    richcompare_case("RichCompare('a\\u20ac', 'a\\U0001f600', LT)", U("a\xe2\x82\xac"), U("a\xf0\x9f\x98\x80"), Py_LT);
    richcompare_case("RichCompare('\\xe9', 'e\\u0301', GT)", U("\xc3\xa9"), U("e\xcc\x81"), Py_GT);
    richcompare_case("RichCompare('', 'a', LT)", U(""), U("a"), Py_LT);
    richcompare_case("RichCompare(Sub('a'), 'a', EQ)", S("a"), U("a"), Py_EQ);
    richcompare_case("RichCompare('a', 1, EQ)", U("a"), PyLong_FromLong(1), Py_EQ);
    richcompare_case("RichCompare(1, 'a', LT)", PyLong_FromLong(1), U("a"), Py_LT);
    richcompare_case("RichCompare('a', b'a', NE)", U("a"), PyBytes_FromString("a"), Py_NE);
    {
        PyObject *s = U("ab");
        Py_INCREF(s);
        richcompare_case("RichCompare(s, s, 6)", s, s, 6);
        s = U("ab");
        Py_INCREF(s);
        richcompare_case("RichCompare(s, s, -1)", s, s, -1);
    }
    /* The type slot is the same function. */
    begin("tp_richcompare('a', 'b', LT)");
    {
        PyObject *a = U("a"), *b = U("b");
        obj_result(PyUnicode_Type.tp_richcompare(a, b, Py_LT));
        Py_DECREF(a);
        Py_DECREF(b);
    }
    end();

    /* ---- PyUnicode_Append / AppendAndDel ---- */
    append_case("Append('ab', 'cd')", U("ab"), U("cd"), 0);
    append_case("Append('ab', '\\u20ac')", U("ab"), U("\xe2\x82\xac"), 0);
    append_case("Append('\\u20ac', '\\U0001f600')", U("\xe2\x82\xac"), U("\xf0\x9f\x98\x80"), 0);
    append_case("Append('\\xe9', 'a')", U("\xc3\xa9"), U("a"), 0);
    append_case("Append('', 'cd')", U(""), U("cd"), 0);
    append_case("Append('', Sub('cd'))", U(""), S("cd"), 0);
    append_case("Append('ab', '')", U("ab"), U(""), 0);
    append_case("Append(Sub('ab'), '')", S("ab"), U(""), 0);
    append_case("Append(Sub('ab'), 'c')", S("ab"), U("c"), 0);
    append_case("Append('ab', Sub('c'))", U("ab"), S("c"), 0);
    append_case("Append('ab', Sub(''))", U("ab"), S(""), 0);
    append_case("Append('ab', 1)", U("ab"), PyLong_FromLong(1), 0);
    append_case("Append('ab', NULL)", U("ab"), NULL, 0);
    append_case("Append(1, 'ab')", PyLong_FromLong(1), U("ab"), 0);
    append_case("Append(NULL, 'ab')", NULL, U("ab"), 0);
    begin("Append(NULL pointer, 'ab')");
    {
        PyObject *r = U("ab");
        watch(r);
        PyUnicode_Append(NULL, r);
        Py_DECREF(r);
    }
    end();
    begin("Append(1, 'ab') with ValueError set");
    {
        PyObject *l = PyLong_FromLong(1), *r = U("ab");
        PyErr_SetString(PyExc_ValueError, "already");
        PyUnicode_Append(&l, r);
        put(l == NULL ? "left=NULL" : "left kept");
        Py_DECREF(r);
    }
    end();
    append_case("AppendAndDel('ab', 'cd')", U("ab"), U("cd"), 1);
    append_case("AppendAndDel('', 'cd')", U(""), U("cd"), 1);
    append_case("AppendAndDel('ab', 1)", U("ab"), PyLong_FromLong(1), 1);
    append_case("AppendAndDel('ab', NULL)", U("ab"), NULL, 1);

    /* ---- PyUnicode_Resize ---- */
    resize_case("Resize(new 'hello', 3)", fresh("hello", 5, 127), 3, 10);
    resize_case("Resize(new 'hello', 8) (first 5 shown)", fresh("hello", 5, 127), 8, 5);
    resize_case("Resize(new 'hello', 5)", fresh("hello", 5, 127), 5, 10);
    resize_case("Resize(new 'hello', 0)", fresh("hello", 5, 127), 0, 10);
    resize_case("Resize(new kind-2 'ab', 1)", fresh("ab", 2, 0x20ac), 1, 10);
    resize_case("Resize(new kind-4 'ab', 3) (first 2 shown)", fresh("ab", 2, 0x1f600), 3, 2);
    resize_case("Resize(new latin-1 'ab', 1)", fresh("ab", 2, 0xe9), 1, 10);
    resize_case("Resize('', 2) (first 0 shown)", U(""), 2, 0);
    resize_case("Resize(Sub('abc'), 2)", S("abc"), 2, 10);
    resize_case("Resize(new 'hello', -1)", fresh("hello", 5, 127), -1, 10);
    resize_case("Resize(1, 2)", PyLong_FromLong(1), 2, 10);
    resize_case("Resize(NULL, 2)", NULL, 2, 10);
    begin("Resize(NULL pointer, 2)");
    int_result(PyUnicode_Resize(NULL, 2));
    end();
    begin("Resize(shared 'hello', 2): the other holder keeps its text");
    {
        PyObject *s = fresh("hello", 5, 127);
        PyObject *other = s;
        Py_INCREF(other);
        int r = PyUnicode_Resize(&s, 2);
        put("-> %d ", r);
        put_head(s, 10);
        put(" other=");
        put_repr(other);
        put(" refcnt %zd", Py_REFCNT(other));
        Py_DECREF(s);
        Py_DECREF(other);
    }
    end();

    /* ---- PyUnicode_Fill ---- */
    {
        PyObject *s = fresh("hello", 5, 127);
        fill_case("Fill(s, 0, 5, 'x')", s, 0, 5, 'x');
        fill_case("Fill(s, 3, 10, 'y')", s, 3, 10, 'y');
        fill_case("Fill(s, 5, 1, 'z')", s, 5, 1, 'z');
        fill_case("Fill(s, 9, 1, 'z')", s, 9, 1, 'z');
        fill_case("Fill(s, 1, 0, 'z')", s, 1, 0, 'z');
        fill_case("Fill(s, 1, -3, 'z')", s, 1, -3, 'z');
        fill_case("Fill(s, -1, 2, 'z')", s, -1, 2, 'z');
        fill_case("Fill(s, 0, 1, 0xe9) (ASCII)", s, 0, 1, 0xe9);
        fill_case("Fill(s, 0, 1, 0x7f)", s, 0, 1, 0x7f);
        Py_INCREF(s);
        fill_case("Fill(shared s, 0, 1, 'q')", s, 0, 1, 'q');
        fill_case("Fill(shared s, -1, 1, 'q')", s, -1, 1, 'q');
        Py_DECREF(s);
        (void)PyObject_Hash(s);
        fill_case("Fill(hashed s, 0, 1, 'q')", s, 0, 1, 'q');
        Py_DECREF(s);
        s = fresh("ab", 2, 0x20ac);
        fill_case("Fill(kind-2 s, 0, 1, 0x20ac)", s, 0, 1, 0x20ac);
        fill_case("Fill(kind-2 s, 0, 1, 0x10000)", s, 0, 1, 0x10000);
        Py_DECREF(s);
        s = fresh("ab", 2, 0x1f600);
        fill_case("Fill(kind-4 s, 1, 1, 0x1f601)", s, 1, 1, 0x1f601);
        fill_case("Fill(kind-4 s, 1, 1, 0x110000)", s, 1, 1, 0x110000);
        Py_DECREF(s);
        s = S("ab");
        fill_case("Fill(Sub('ab'), 0, 1, 'x')", s, 0, 1, 'x');
        Py_DECREF(s);
        s = PyLong_FromLong(1);
        fill_case("Fill(1, 0, 1, 'x')", s, 0, 1, 'x');
        Py_DECREF(s);
    }

    /* ---- PyUnicode_IsIdentifier, GetDefaultEncoding, GetSize, InternImmortal ---- */
    static const char *const idents[] = {"abc", "_x1", "1a", "", "a b", "caf\xc3\xa9", "a\xe2\x82\xac",
                                         "\xe2\x84\x98x", "\xc2\xb7" "a", "a\xc2\xb7", "if", "__init__"};
    for (size_t i = 0; i < sizeof idents / sizeof *idents; i++) {
        PyObject *s = U(idents[i]);
        PyObject *r = PyObject_ASCII(s);
        snprintf(what, sizeof what, "IsIdentifier(%s)", PyUnicode_AsUTF8(r));
        CASE_INT(what, PyUnicode_IsIdentifier(s));
        Py_DECREF(r);
        Py_DECREF(s);
    }
    {
        PyObject *s = S("abc");
        CASE_INT("IsIdentifier(Sub('abc'))", PyUnicode_IsIdentifier(s));
        Py_DECREF(s);
    }
    begin("GetDefaultEncoding()");
    put("-> %s", PyUnicode_GetDefaultEncoding());
    end();
    /* PyUnicode_GetSize and PyUnicode_InternImmortal are deprecated (and
       removed later); they are tested all the same, as 3.11 extensions still
       call them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    {
        PyObject *s = U("a\xf0\x9f\x98\x80\xe2\x82\xac");
        begin("GetSize('a\\U0001f600\\u20ac')");
        put("-> %zd", PyUnicode_GetSize(s));
        end();
        Py_DECREF(s);
        s = PyLong_FromLong(1);
        begin("GetSize(1)");
        Py_ssize_t n = PyUnicode_GetSize(s);
        if (n == -1 && PyErr_Occurred()) {
            put("raised ");
            put_exception();
        }
        end();
        Py_DECREF(s);
    }
    {
        PyObject *s = U("unicode3 interned name");
        PyUnicode_InternImmortal(&s);
        begin("InternImmortal(new 'unicode3 interned name')");
        put("-> interned=%d", (int)PyUnicode_CHECK_INTERNED(s));
        PyObject *t = PyUnicode_InternFromString("unicode3 interned name");
        put(" same as InternFromString: %d", t == s);
        Py_DECREF(t);
        end();
        Py_DECREF(s);
        s = U("unicode3 other name");
        PyUnicode_InternInPlace(&s);
        begin("InternInPlace(new 'unicode3 other name')");
        put("-> interned=%d", (int)PyUnicode_CHECK_INTERNED(s));
        end();
        Py_DECREF(s);
    }
#pragma GCC diagnostic pop

    /* ---- PyUnicode_Translate ---- */
    {
        PyObject *table = Py_BuildValue("{i:O,i:O,i:s,i:i,i:O}", 'a', Py_None, 0x20ac, Py_None, 'b', "XY", 'c', 0x1f600,
                                        'q', Py_None);
        PyObject *bad_range = Py_BuildValue("{i:i}", 'a', 0x110000);
        PyObject *bad_neg = Py_BuildValue("{i:i}", 'a', -1);
        PyObject *bad_type = Py_BuildValue("{i:d}", 'a', 1.5);
        PyObject *bad_bytes = Py_BuildValue("{i:y}", 'a', "x");
        PyObject *empty = PyDict_New();
        PyObject *list = Py_BuildValue("[sss]", "x", "y", "z");
        PyObject *one = PyLong_FromLong(1);
        static const char *const hs[] = {NULL, "strict", "ignore", "replace", "backslashreplace",
                                         "xmlcharrefreplace", "surrogateescape", "namereplace", "bogus"};
        static const char *const texts[] = {"abca\xe2\x82\xac" "d", "aaq", "xyz", "", "bcb", "qa\xe2\x82\xac"};
        for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
            for (size_t h = 0; h < sizeof hs / sizeof *hs; h++) {
                PyObject *s = U(texts[t]);
                PyObject *a = PyObject_ASCII(s);
                snprintf(what, sizeof what, "Translate(%s, table, %s)", PyUnicode_AsUTF8(a), hs[h] ? hs[h] : "NULL");
                Py_DECREF(a);
                CASE_OBJ(what, PyUnicode_Translate(s, table, hs[h]));
                Py_DECREF(s);
            }
        PyObject *s = U("abc");
        CASE_OBJ("Translate('abc', {a: 0x110000}, NULL)", PyUnicode_Translate(s, bad_range, NULL));
        CASE_OBJ("Translate('abc', {a: -1}, NULL)", PyUnicode_Translate(s, bad_neg, NULL));
        CASE_OBJ("Translate('abc', {a: 1.5}, NULL)", PyUnicode_Translate(s, bad_type, NULL));
        CASE_OBJ("Translate('abc', {a: b'x'}, 'ignore')", PyUnicode_Translate(s, bad_bytes, "ignore"));
        CASE_OBJ("Translate('abc', {}, NULL)", PyUnicode_Translate(s, empty, NULL));
        CASE_OBJ("Translate('abc', ['x','y','z'], NULL)", PyUnicode_Translate(s, list, NULL));
        CASE_OBJ("Translate('abc', 1, NULL)", PyUnicode_Translate(s, one, NULL));
        CASE_OBJ("Translate('abc', NULL, NULL)", PyUnicode_Translate(s, NULL, NULL));
        CASE_OBJ("Translate(1, {}, NULL)", PyUnicode_Translate(one, empty, NULL));
        PyObject *sub = S("abc");
        CASE_OBJ("Translate(Sub('abc'), table, 'ignore')", PyUnicode_Translate(sub, table, "ignore"));
        begin("Translate('aq', table, NULL): the UnicodeTranslateError's fields");
        {
            PyObject *t = U("xaqy");
            PyObject *r = PyUnicode_Translate(t, table, NULL);
            PyObject *et, *ev, *etb;
            PyErr_Fetch(&et, &ev, &etb);
            PyErr_NormalizeException(&et, &ev, &etb);
            Py_ssize_t st = -1, en = -1;
            PyUnicodeTranslateError_GetStart(ev, &st);
            PyUnicodeTranslateError_GetEnd(ev, &en);
            PyObject *obj = PyUnicodeTranslateError_GetObject(ev);
            put("r=%s start=%zd end=%zd object is s: %d", r ? "set" : "NULL", st, en, obj == t);
            Py_XDECREF(obj);
            Py_XDECREF(et);
            Py_XDECREF(ev);
            Py_XDECREF(etb);
            Py_DECREF(t);
        }
        end();
        Py_DECREF(sub);
        Py_DECREF(s);
        Py_DECREF(table);
        Py_DECREF(bad_range);
        Py_DECREF(bad_neg);
        Py_DECREF(bad_type);
        Py_DECREF(bad_bytes);
        Py_DECREF(empty);
        Py_DECREF(list);
        Py_DECREF(one);
    }
    method_case("'abca'.translate({97: None})", U("abca"), "translate", Py_BuildValue("({i:O})", 'a', Py_None), NULL);

    /* ---- the methods share the code ---- */
    method_case("'a b  c'.split()", U("a b  c"), "split", PyTuple_New(0), NULL);
    method_case("'abc'.split()", U("abc"), "split", PyTuple_New(0), NULL);
    method_case("'abc'.split(None, 0)", U("abc"), "split", Py_BuildValue("(On)", Py_None, (Py_ssize_t)0), NULL);
    method_case("'abc'.split('x')", U("abc"), "split", Py_BuildValue("(s)", "x"), NULL);
    method_case("'abc'.split('abcd')", U("abc"), "split", Py_BuildValue("(s)", "abcd"), NULL);
    method_case("Sub('abc').split('abcd')", S("abc"), "split", Py_BuildValue("(s)", "abcd"), NULL);
    method_case("'a,b'.split(sep=',', maxsplit=0)", U("a,b"), "split", PyTuple_New(0),
                Py_BuildValue("{s:s,s:i}", "sep", ",", "maxsplit", 0));
    method_case("'a,b,c'.rsplit(',', 1)", U("a,b,c"), "rsplit", Py_BuildValue("(si)", ",", 1), NULL);
    method_case("'abc'.rsplit()", U("abc"), "rsplit", PyTuple_New(0), NULL);
    method_case("'a'.split(1)", U("a"), "split", Py_BuildValue("(i)", 1), NULL);
    method_case("'a'.rsplit(b',')", U("a"), "rsplit", Py_BuildValue("(y)", ","), NULL);
    method_case("'a'.split('')", U("a"), "split", Py_BuildValue("(s)", ""), NULL);
    method_case("'a'.split(',', 'x')", U("a"), "split", Py_BuildValue("(ss)", ",", "x"), NULL);
    method_case("'a'.split(',', 1, 2)", U("a"), "split", Py_BuildValue("(sii)", ",", 1, 2), NULL);
    method_case("'abc'.partition('x')", U("abc"), "partition", Py_BuildValue("(s)", "x"), NULL);
    method_case("Sub('abc').rpartition('x')", S("abc"), "rpartition", Py_BuildValue("(s)", "x"), NULL);
    method_case("'a=b'.partition('=')", U("a=b"), "partition", Py_BuildValue("(s)", "="), NULL);
    method_case("'a=b'.partition(1)", U("a=b"), "partition", Py_BuildValue("(i)", 1), NULL);
    method_case("'a=b'.rpartition('')", U("a=b"), "rpartition", Py_BuildValue("(s)", ""), NULL);
    method_case("'abc'.replace('x', 'y')", U("abc"), "replace", Py_BuildValue("(ss)", "x", "y"), NULL);
    method_case("Sub('abc').replace('x', 'y')", S("abc"), "replace", Py_BuildValue("(ss)", "x", "y"), NULL);
    method_case("'abc'.replace('b', 'y', 0)", U("abc"), "replace", Py_BuildValue("(ssi)", "b", "y", 0), NULL);
    method_case("'aXbXc'.replace('X', '--', 1)", U("aXbXc"), "replace", Py_BuildValue("(ssi)", "X", "--", 1),
                NULL);
    method_case("'a'.replace(1, 'b')", U("a"), "replace", Py_BuildValue("(is)", 1, "b"), NULL);
    method_case("'a'.replace('a', 1)", U("a"), "replace", Py_BuildValue("(si)", "a", 1), NULL);
    method_case("'abc\\n'.splitlines(True)", U("abc\n"), "splitlines", Py_BuildValue("(O)", Py_True), NULL);
    method_case("'abc'.splitlines()", U("abc"), "splitlines", PyTuple_New(0), NULL);
    method_case("'a\\nb'.splitlines(keepends=1)", U("a\nb"), "splitlines", PyTuple_New(0),
                Py_BuildValue("{s:i}", "keepends", 1));
    method_case("'x'.splitlines('y')", U("x"), "splitlines", Py_BuildValue("(s)", "y"), NULL);
    method_case("'a1'.isidentifier()", U("a1"), "isidentifier", PyTuple_New(0), NULL);
    method_case("'1a'.isidentifier()", U("1a"), "isidentifier", PyTuple_New(0), NULL);

    Py_DECREF(Sub);
    return 0;
}
