/* Differential cases for str.format and str.format_map
 * (Objects/stringlib/unicode_format.h): literal text and {{ }}, automatic
 * and manual field numbering (and switching between them), keyword
 * fields, attribute and item lookups ({0.real}, {0[key]}, {0[1]}),
 * conversions !r !s !a, specs with nested fields ({:{w}.{p}f}), and
 * CPython's errors for every malformed field, missing arguments and keys,
 * recursion too deep, and format_map with positional fields.
 *
 * Built against CPython 3.11 and against pybuffer; each build prints one
 * line per case,
 *
 *     <case number> TAB <what was done> TAB <what happened>
 *
 * and scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

#include "case.h"

static PyObject *args3;  /* (42, 'abc', 2.5) */
static PyObject *kwargs; /* {'name': 'Bob', 'n': 7, 'd': {'k': 'v', 1: 'one'}, 'lst': [10, 20, 30], 'w': 8, 'p': 2, 'c': 3+4j} */

/* fmt.format(*args3, **kwargs) through PyObject_Call on the bound method. */
static void f(const char *format) {
    char what[300];
    PyObject *s = PyUnicode_FromString(format);
    PyObject *shown = PyObject_ASCII(s);
    snprintf(what, sizeof what, "%s.format(*a, **k)", PyUnicode_AsUTF8(shown));
    PyObject *meth = PyObject_GetAttrString(s, "format");
    show(what, PyObject_Call(meth, args3, kwargs));
    Py_DECREF(meth);
    Py_DECREF(shown);
    Py_DECREF(s);
}

/* fmt.format_map(kwargs). */
static void m(const char *format) {
    char what[300];
    PyObject *s = PyUnicode_FromString(format);
    PyObject *shown = PyObject_ASCII(s);
    snprintf(what, sizeof what, "%s.format_map(k)", PyUnicode_AsUTF8(shown));
    show(what, PyObject_CallMethod(s, "format_map", "O", kwargs));
    Py_DECREF(shown);
    Py_DECREF(s);
}

/* fmt.format() with no arguments at all. */
static void f0(const char *format) {
    char what[300];
    PyObject *s = PyUnicode_FromString(format);
    PyObject *shown = PyObject_ASCII(s);
    snprintf(what, sizeof what, "%s.format()", PyUnicode_AsUTF8(shown));
    show(what, PyObject_CallMethod(s, "format", NULL));
    Py_DECREF(shown);
    Py_DECREF(s);
}

/* An object whose repr and str raise. */
static PyObject *raising(PyObject *self) {
    (void)self;
    PyErr_SetString(PyExc_RuntimeError, "no text");
    return NULL;
}
static PyType_Slot raiser_slots[] = {{Py_tp_str, raising}, {Py_tp_repr, raising}, {0, NULL}};
static PyType_Spec raiser_spec = {"mod.Raiser", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, raiser_slots};

static const char *formats[] = {
    "", "plain", "{}", "{} {} {}", "{0}", "{2}{1}{0}", "{0}{0}", "{{}}", "{{", "}}", "{{{}}}",
    "a{{b}}c", "{}{}{}{}", "{3}", "{10}", "{-1}", "{ 0}", "{0 }", "{name}", "{name}{n}", "{missing}",
    "{0!r}", "{1!r}", "{1!s}", "{1!a}", "{name!r:>10}", "{!r}", "{0!x}", "{0!}", "{0!rr}", "{0!r",
    "{0!", "{0:", "{0:>5", "{0:{", "{", "}", "x}", "}x", "{x", "{0", "{0]}", "{[}", "{0[}",
    "{}{0}", "{0}{}", "{name}{}", "{}{name}", "{0.real}", "{0.imag}", "{0.nope}", "{0.}", "{0..real}",
    "{0[0]}", "{1[0]}", "{1[5]}", "{1[-1]}", "{d[k]}", "{d[1]}", "{d[x]}", "{d[]}", "{lst[2]}",
    "{lst[3]}", "{lst[0]x}", "{lst[0].real}", "{lst[0]}{lst[1]}", "{lst[", "{lst[0}", "{0[0}",
    "{c.real}", "{c.imag:.1f}", "{:>{w}}", "{0:>{w}.{p}f}", "{2:{w}.{p}f}", "{:{}}", "{:{}{}}",
    "{0:{1}}", "{:{:{}}}", "{0:{1:{2}}}", "{2:{{}}}", "{:>8}|{:<8}|{:^8}", "{0:x} {0:#o} {0:b}",
    "{2:e} {2:%}", "{1:.2}", "{1:*^9}", "{0:,}", "{name:q}", "{0:=+8}", "{0:z}",
    "\xc3\xa9{0}\xe2\x82\xac{1}\xf0\x9f\x98\x80", "{0:\xe2\x82\xac^9}", "{\xc3\xa9}", "{0[\xc3\xa9]}",
    "{99999999999999999999}", "{0[99999999999999999999]}", "{0:99999999999999999999}",
    "{\xd9\xa1}", "{0}{1}{2}{3}", "{0:{w}}{1:{w}}", "{!s:}", "{:}", "{0:}", "{0!s}", "{0!a:^9}",
    "{n.__class__}", "{0.__class__.__name__}", "{d[k]!r}", "{lst!r}", "{lst[0]:#x}", "{d[k]:>4}",
    "{]", "{[]}", "{.}", "{.real}", "{[0]}", "{name.upper.__name__}x", "{0[0][0]}", "{1[0][0]}", NULL};

int main(void) {
    Py_Initialize();
    args3 = Py_BuildValue("(isd)", 42, "abc", 2.5);
    kwargs = Py_BuildValue("{s:s,s:i,s:{s:s,i:s},s:[iii],s:i,s:i,s:D}", "name", "Bob", "n", 7, "d", "k", "v", 1,
                           "one", "lst", 10, 20, 30, "w", 8, "p", 2, "c", &(Py_complex){3, 4});
    for (int i = 0; formats[i] != NULL; i++) {
        f(formats[i]);
    }
    for (int i = 0; formats[i] != NULL; i++) {
        m(formats[i]);
    }
    const char *noargs[] = {"", "x", "{{}}", "{}", "{0}", "{a}", "{:{}}", "}", NULL};
    for (int i = 0; noargs[i] != NULL; i++) {
        f0(noargs[i]);
    }

    /* Raising str/repr, and a field value whose __format__ fails. */
    PyObject *rtype = PyType_FromSpec(&raiser_spec);
    PyObject *r = PyObject_CallNoArgs(rtype);
    PyObject *fs = PyUnicode_FromString("{}|{!r}");
    PyObject *meth = PyObject_GetAttrString(fs, "format");
    show("'{}|{!r}'.format(Raiser())", PyObject_CallFunction(meth, "O", r));
    Py_DECREF(meth);
    Py_DECREF(fs);
    fs = PyUnicode_FromString("{!r}");
    show("'{!r}'.format(Raiser())", PyObject_CallMethod(fs, "format", "O", r));
    Py_DECREF(fs);
    fs = PyUnicode_FromString("{:x}");
    show("'{:x}'.format(Raiser())", PyObject_CallMethod(fs, "format", "O", r));
    show("'{:x}'.format(None)", PyObject_CallMethod(fs, "format", "O", Py_None));
    show("'{:x}'.format(True)", PyObject_CallMethod(fs, "format", "O", Py_True));
    Py_DECREF(fs);
    Py_DECREF(r);
    Py_DECREF(rtype);

    /* format_map with a non-mapping, and its argument count. */
    fs = PyUnicode_FromString("{a}");
    show("'{a}'.format_map(5)", PyObject_CallMethod(fs, "format_map", "i", 5));
    show("'{a}'.format_map()", PyObject_CallMethod(fs, "format_map", NULL));
    show("'{a}'.format_map({}, {})", PyObject_CallMethod(fs, "format_map", "{}{}"));
    show("'{a}'.format_map([1])", PyObject_CallMethod(fs, "format_map", "[i]", 1));
    Py_DECREF(fs);
    fs = PyUnicode_FromString("{0}");
    show("'{0}'.format_map([1])", PyObject_CallMethod(fs, "format_map", "[i]", 1));
    Py_DECREF(fs);

    /* Reference counts: the arguments are not leaked or stolen. */
    PyObject *val = PyUnicode_FromString("refcounted value");
    Py_ssize_t before = Py_REFCNT(val);
    fs = PyUnicode_FromString("{0}{0!r}{0:>20}{x}{x[0]}");
    PyObject *kw = Py_BuildValue("{s:O}", "x", val);
    PyObject *a = PyTuple_Pack(1, val);
    meth = PyObject_GetAttrString(fs, "format");
    show("refcount case", PyObject_Call(meth, a, kw));
    Py_DECREF(meth);
    Py_DECREF(a);
    Py_DECREF(kw);
    Py_DECREF(fs);
    printf("%d\trefcount after format\t%zd\n", ++case_no, Py_REFCNT(val) - before);
    Py_DECREF(val);

    /* The result's kind. */
    fs = PyUnicode_FromString("{}{}");
    PyObject *res = PyObject_CallMethod(fs, "format", "ss", "a", "\xe2\x82\xac");
    printf("%d\tkind of '{}{}'.format('a', '\\u20ac')\t%d %zd\n", ++case_no, (int)PyUnicode_KIND(res),
           PyUnicode_GET_LENGTH(res));
    Py_DECREF(res);
    res = PyObject_CallMethod(fs, "format", "ss", "a", "b");
    printf("%d\tkind of '{}{}'.format('a', 'b')\t%d %zd\n", ++case_no, (int)PyUnicode_KIND(res),
           PyUnicode_GET_LENGTH(res));
    Py_DECREF(res);
    Py_DECREF(fs);

    Py_DECREF(args3);
    Py_DECREF(kwargs);
    Py_Finalize();
    return 0;
}
