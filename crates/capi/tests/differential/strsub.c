/* Differential cases for instances of str subclasses (Objects/
 * unicodeobject.c's unicode_subtype_new, typeobject.c's tp_new_wrapper):
 * heap subtypes of str made with PyType_FromSpecWithBases, instantiated by
 * calling them, by PyUnicode_Type.tp_new(subtype, ...) and by
 * str.__new__(subtype, ...); the non-compact layout C code reads
 * (PyUnicode_DATA, KIND, GET_LENGTH, the shared UTF-8 form of an ASCII
 * instance); PyUnicode_Check / CheckExact; str's methods, hashing,
 * comparison and dict lookup on them; and str.__new__'s argument errors.
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
#include <string.h>

#include "case.h"

/* A subtype with an extra field and str's own tp_new. */
typedef struct {
    PyUnicodeObject str;
    PyObject *extra;
} SubObject;

static PyType_Slot sub_slots[] = {{0, NULL}};
static PyType_Spec sub_spec = {"strsub.Sub", sizeof(SubObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
                               sub_slots};

/* A subtype with its own tp_new that calls str's (as multidict's istr
   does) and a dealloc that calls str's. */
static PyObject *own_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *r = PyUnicode_Type.tp_new(type, args, kwds);
    if (r != NULL)
        ((SubObject *)r)->extra = PyLong_FromLong(42);
    return r;
}
static void own_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((SubObject *)self)->extra);
    PyUnicode_Type.tp_dealloc(self);
    Py_DECREF(tp);
}
static PyType_Slot own_slots[] = {{Py_tp_new, own_new}, {Py_tp_dealloc, own_dealloc}, {0, NULL}};
static PyType_Spec own_spec = {"strsub.Own", sizeof(SubObject), 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_UNICODE_SUBCLASS, own_slots};

static PyObject *Sub, *Own;

static PyObject *call1(PyObject *f, PyObject *arg)
{
    PyObject *r = PyObject_CallOneArg(f, arg);
    Py_DECREF(arg);
    return r;
}

static PyObject *mk(PyObject *type, const char *utf8)
{
    return call1(type, PyUnicode_FromString(utf8));
}

/* The layout fields C code reads, as a str. */
static PyObject *layout(PyObject *s)
{
    if (s == NULL)
        return NULL;
    PyASCIIObject *a = (PyASCIIObject *)s;
    char buf[256];
    const void *data = PyUnicode_DATA(s);
    int kind = PyUnicode_KIND(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    Py_UCS4 last = n ? PyUnicode_READ(kind, data, n - 1) : 0;
    snprintf(buf, sizeof buf, "check=%d exact=%d compact=%d ascii=%d kind=%d len=%zd last=U+%04X utf8=%s",
             PyUnicode_Check(s), PyUnicode_CheckExact(s), a->state.compact, a->state.ascii, kind, n,
             (unsigned)last, PyUnicode_AsUTF8(s));
    Py_DECREF(s);
    return PyUnicode_FromString(buf);
}

static PyObject *method0(PyObject *s, const char *name)
{
    if (s == NULL)
        return NULL;
    PyObject *r = PyObject_CallMethod(s, name, NULL);
    Py_DECREF(s);
    return r;
}

static PyObject *type_and_value(PyObject *o)
{
    if (o == NULL)
        return NULL;
    PyObject *r = PyUnicode_FromFormat("%s %R", Py_TYPE(o)->tp_name, o);
    Py_DECREF(o);
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyUnicode_Type);
    Sub = PyType_FromSpecWithBases(&sub_spec, bases);
    Own = PyType_FromSpecWithBases(&own_spec, bases);
    Py_DECREF(bases);

    show("Sub('abc') layout", layout(mk(Sub, "abc")));
    show("Sub('') layout", layout(mk(Sub, "")));
    show("Sub('caf\\xe9') layout", layout(mk(Sub, "caf\xc3\xa9")));
    show("Sub('\\u20ac') layout", layout(mk(Sub, "x\xe2\x82\xac")));
    show("Sub('\\U0001F600') layout", layout(mk(Sub, "x\xf0\x9f\x98\x80")));
    show("Sub() layout", layout(PyObject_CallNoArgs(Sub)));
    show("Sub(5)", type_and_value(call1(Sub, PyLong_FromLong(5))));
    show("Sub(b'hi', 'ascii')", type_and_value(PyObject_CallFunction(Sub, "ys", "hi", "ascii")));
    show("Sub(b'\\xff', 'ascii')", type_and_value(PyObject_CallFunction(Sub, "ys", "\xff", "ascii")));
    show("Sub(1, 2, 3, 4)", type_and_value(PyObject_CallFunction(Sub, "iiii", 1, 2, 3, 4)));
    show("Sub(object=7)", type_and_value(PyObject_Call(Sub, PyTuple_New(0), Py_BuildValue("{si}", "object", 7))));
    {
        PyObject *inner = mk(Sub, "nested");
        show("Sub(Sub('nested'))", type_and_value(call1(Sub, inner)));
    }
    {
        PyObject *args = Py_BuildValue("(s)", "via tp_new");
        show("PyUnicode_Type.tp_new(Sub, ('via tp_new',))",
             type_and_value(PyUnicode_Type.tp_new((PyTypeObject *)Sub, args, NULL)));
        show("PyUnicode_Type.tp_new(str, ...)", type_and_value(PyUnicode_Type.tp_new(&PyUnicode_Type, args, NULL)));
        Py_DECREF(args);
    }
    /* str.__new__ */
    PyObject *str_new = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "__new__");
    show("type(str.__new__)", Py_NewRef((PyObject *)Py_TYPE(str_new)));
    show("str.__new__(Sub, 'x')", type_and_value(PyObject_CallFunction(str_new, "Os", Sub, "x")));
    show("str.__new__(str, 'x')", type_and_value(PyObject_CallFunction(str_new, "Os", &PyUnicode_Type, "x")));
    show("str.__new__(Sub)", type_and_value(PyObject_CallOneArg(str_new, Sub)));
    show("str.__new__()", PyObject_CallNoArgs(str_new));
    show("str.__new__(1)", call1(str_new, PyLong_FromLong(1)));
    show("str.__new__(list)", PyObject_CallOneArg(str_new, (PyObject *)&PyList_Type));
    show("str.__new__(Own, 'x')", PyObject_CallFunction(str_new, "Os", Own, "x"));
    show("Sub.__new__(Sub, 'y')", type_and_value(PyObject_CallMethod(Sub, "__new__", "Os", Sub, "y")));
    show("Sub.__new__(str, 'y')", PyObject_CallMethod(Sub, "__new__", "Os", &PyUnicode_Type, "y"));
    show("int.__new__(int, '12')", type_and_value(PyObject_CallMethod((PyObject *)&PyLong_Type, "__new__", "Os",
                                                                      &PyLong_Type, "12")));
    show("object.__new__(Sub)", PyObject_CallMethod((PyObject *)&PyBaseObject_Type, "__new__", "O", Sub));
    Py_DECREF(str_new);

    /* A subtype with its own tp_new. */
    {
        PyObject *o = mk(Own, "Own Text");
        show("Own('Own Text') layout", layout(Py_XNewRef(o)));
        show("Own(...).extra", o ? Py_NewRef(((SubObject *)o)->extra) : NULL);
        show("Own(...).lower()", type_and_value(method0(Py_XNewRef(o), "lower")));
        Py_XDECREF(o);
    }

    /* What str does with an instance. */
    PyObject *s = mk(Sub, "Hello");
    PyObject *plain = PyUnicode_FromString("Hello");
    show("str(Sub('Hello'))", type_and_value(PyObject_Str(s)));
    show("repr(Sub('Hello'))", PyObject_Repr(s));
    show("Sub('Hello').upper()", type_and_value(method0(Py_NewRef(s), "upper")));
    show("Sub('Hello').lower()", type_and_value(method0(Py_NewRef(s), "lower")));
    show("Sub('Hello').partition('l')", PyObject_CallMethod(s, "partition", "s", "l"));
    show("Sub('Hello')[1:3]", type_and_value(PySequence_GetSlice(s, 1, 3)));
    show("Sub('Hello') + 'Hello'", type_and_value(PyNumber_Add(s, plain)));
    show("PyUnicode_Concat(Sub, str)", type_and_value(PyUnicode_Concat(s, plain)));
    show("len(Sub('Hello'))", PyLong_FromSsize_t(PyObject_Length(s)));
    show("hash(Sub) == hash(str)", PyBool_FromLong(PyObject_Hash(s) == PyObject_Hash(plain)));
    show("Sub == str", PyObject_RichCompare(s, plain, Py_EQ));
    show("Sub < 'World'", PyObject_RichCompare(s, PyUnicode_FromString("World"), Py_LT));
    show("PyUnicode_Compare(Sub, str)", PyLong_FromLong(PyUnicode_Compare(s, plain)));
    show("PyUnicode_CompareWithASCIIString", PyLong_FromLong(PyUnicode_CompareWithASCIIString(s, "Hello")));
    show("'ell' in Sub('Hello')", PyLong_FromLong(PySequence_Contains(s, PyUnicode_FromString("ell"))));
    show("Sub('Hello').find('l')", PyObject_CallMethod(s, "find", "s", "l"));
    show("Sub('Hello').split('l')", PyObject_CallMethod(s, "split", "s", "l"));
    show("'-'.join([Sub, Sub])", type_and_value(PyUnicode_Join(PyUnicode_FromString("-"),
                                                               Py_BuildValue("[OO]", s, s))));
    show("PyUnicode_FromFormat('%U|%S', Sub, Sub)", PyUnicode_FromFormat("%U|%S", s, s));
    show("Sub('%s!') % 1", type_and_value(PyNumber_Remainder(mk(Sub, "%s!"), PyLong_FromLong(1))));
    show("PyUnicode_AsEncodedString(Sub)", PyUnicode_AsEncodedString(s, "utf-8", NULL));
    show("PyUnicode_AsUCS4Copy(Sub)[4]", PyLong_FromLong((long)PyUnicode_AsUCS4Copy(s)[4]));
    {
        PyObject *d = PyDict_New();
        PyDict_SetItem(d, plain, Py_True);
        show("{'Hello': True}[Sub('Hello')]", Py_XNewRef(PyDict_GetItemWithError(d, s)));
        PyDict_SetItem(d, s, Py_False);
        show("dict after d[Sub('Hello')] = False", PyObject_Repr(d));
        Py_DECREF(d);
    }
    {
        Py_ssize_t size = 0;
        const char *u = PyUnicode_AsUTF8AndSize(s, &size);
        show("PyUnicode_AsUTF8AndSize(Sub)", PyUnicode_FromFormat("%s %zd", u, size));
    }
    {
        PyObject *w = mk(Sub, "x\xe2\x82\xac");
        wchar_t buf[8];
        Py_ssize_t n = PyUnicode_AsWideChar(w, buf, 8);
        show("PyUnicode_AsWideChar(Sub('x\\u20ac'))", PyUnicode_FromFormat("%zd %d", n, (int)buf[1]));
        show("PyUnicode_FromObject(Sub) is exact", type_and_value(PyUnicode_FromObject(w)));
        show("hash(Sub('x\\u20ac')) == hash(str)",
             PyBool_FromLong(PyObject_Hash(w) == PyObject_Hash(PyUnicode_FromString("x\xe2\x82\xac"))));
        Py_DECREF(w);
    }
    show("int(Sub('17'))", PyNumber_Long(mk(Sub, "17")));
    show("float(Sub('2.5'))", PyNumber_Float(mk(Sub, "2.5")));
    show("PyObject_GetAttr(str, Sub('upper'))", type_and_value(PyObject_GetAttr((PyObject *)&PyUnicode_Type,
                                                                                mk(Sub, "upper"))));
    show("refcount of Sub('Hello')", PyLong_FromSsize_t(Py_REFCNT(s)));
    Py_DECREF(s);
    Py_DECREF(plain);
    Py_DECREF(Own);
    Py_DECREF(Sub);
    return 0;
}
