/* The built-in types after Py_Initialize: each is ready before the
 * program touches it, so its first use (an attribute lookup, dir(), a
 * method call, iteration) leaves no new references to the type, as in
 * CPython, whose start-up readies them all.
 */
#include <Python.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* A built-in type by its C name, checked before anything else uses it. */
struct named_type {
    const char *name;
    PyTypeObject *type;
};

static void ready_flag(const struct named_type *t)
{
    char what[128];
    snprintf(what, sizeof what, "%s is ready after Py_Initialize", t->name);
    begin(what);
    put("-> %d", PyType_HasFeature(t->type, Py_TPFLAGS_READY) ? 1 : 0);
    end();
}

/* dir(type): lists (so reads) its whole dict and its bases'. */
static void first_dir(const struct named_type *t)
{
    char what[128];
    snprintf(what, sizeof what, "dir(%s) leaves no references", t->name);
    begin(what);
    /* (Not None's count: see first_method.) */
    watch((PyObject *)t->type);
    PyObject *d = PyObject_Dir((PyObject *)t->type);
    if (d == NULL) {
        put("raised ");
        put_exception();
    } else {
        put("-> a list of %s", PyList_Size(d) > 10 ? "more than 10" : "few");
        Py_DECREF(d);
    }
    end();
}

/* A method looked up on an instance and called, and the instance's
 * iterator: the first use of the method descriptors and iterator types. */
static void first_method(const char *what, PyObject *instance, const char *method, PyObject *arg)
{
    begin(what);
    /* Not None's count: CPython 3.11's method cache starts with None in
     * its slots and drops a reference to it whenever a lookup first fills
     * one, which depends on name hashes, not on the type's readiness. */
    watch((PyObject *)Py_TYPE(instance));
    PyObject *r = arg ? PyObject_CallMethod(instance, method, "O", arg)
                      : PyObject_CallMethod(instance, method, NULL);
    obj_result(r);
    end();
}

static void first_iter(const char *what, PyObject *instance)
{
    begin(what);
    watch((PyObject *)Py_TYPE(instance));
    PyObject *it = PyObject_GetIter(instance);
    if (it == NULL) {
        put("raised ");
        put_exception();
    } else {
        watch((PyObject *)Py_TYPE(it));
        PyObject *first = PyIter_Next(it);
        put("-> %s, first ", Py_TYPE(it)->tp_name);
        if (first == NULL)
            put("(none)");
        else
            put_repr(first);
        Py_XDECREF(first);
        /* An iterator's own methods (`__length_hint__`, `__reduce__`). */
        PyObject *hint = PyObject_CallMethod(it, "__length_hint__", NULL);
        if (hint == NULL)
            PyErr_Clear();
        Py_XDECREF(hint);
        Py_DECREF(it);
    }
    end();
    Py_DECREF(instance);
}

int main(void)
{
    Py_Initialize();
    const struct named_type types[] = {
        {"object", &PyBaseObject_Type},
        {"type", &PyType_Type},
        {"bool", &PyBool_Type},
        {"int", &PyLong_Type},
        {"float", &PyFloat_Type},
        {"complex", &PyComplex_Type},
        {"str", &PyUnicode_Type},
        {"bytes", &PyBytes_Type},
        {"bytearray", &PyByteArray_Type},
        {"memoryview", &PyMemoryView_Type},
        {"tuple", &PyTuple_Type},
        {"list", &PyList_Type},
        {"dict", &PyDict_Type},
        {"dict_keys", &PyDictKeys_Type},
        {"dict_values", &PyDictValues_Type},
        {"dict_items", &PyDictItems_Type},
        {"dict_keyiterator", &PyDictIterKey_Type},
        {"set", &PySet_Type},
        {"frozenset", &PyFrozenSet_Type},
        {"slice", &PySlice_Type},
        {"range", &PyRange_Type},
        {"range_iterator", &PyRangeIter_Type},
        {"enumerate", &PyEnum_Type},
        {"reversed", &PyReversed_Type},
        {"iterator", &PySeqIter_Type},
        {"callable_iterator", &PyCallIter_Type},
        {"list_iterator", &PyListIter_Type},
        {"tuple_iterator", &PyTupleIter_Type},
        {"set_iterator", &PySetIter_Type},
        {"bytes_iterator", &PyBytesIter_Type},
        {"str_iterator", &PyUnicodeIter_Type},
        {"staticmethod", &PyStaticMethod_Type},
        {"classmethod", &PyClassMethod_Type},
        {"property", &PyProperty_Type},
        {"mappingproxy", &PyDictProxy_Type},
        {"method_descriptor", &PyMethodDescr_Type},
        {"member_descriptor", &PyMemberDescr_Type},
        {"getset_descriptor", &PyGetSetDescr_Type},
        {"wrapper_descriptor", &PyWrapperDescr_Type},
        {"builtin_function_or_method", &PyCFunction_Type},
        {"method", &PyMethod_Type},
        {"instancemethod", &PyInstanceMethod_Type},
        {"cell", &PyCell_Type},
        {"super", &PySuper_Type},
        {"module", &PyModule_Type},
        {"PyCapsule", &PyCapsule_Type},
        {"map", &PyMap_Type},
        {"zip", &PyZip_Type},
        {"filter", &PyFilter_Type},
        {"BaseException", (PyTypeObject *)PyExc_BaseException},
        {"Exception", (PyTypeObject *)PyExc_Exception},
        {"ValueError", (PyTypeObject *)PyExc_ValueError},
        {"OSError", (PyTypeObject *)PyExc_OSError},
        {"KeyError", (PyTypeObject *)PyExc_KeyError},
        {"StopIteration", (PyTypeObject *)PyExc_StopIteration},
        {"UnicodeDecodeError", (PyTypeObject *)PyExc_UnicodeDecodeError},
        {"SyntaxError", (PyTypeObject *)PyExc_SyntaxError},
        {"ImportError", (PyTypeObject *)PyExc_ImportError},
        {"DeprecationWarning", (PyTypeObject *)PyExc_DeprecationWarning},
    };
    const size_t n = sizeof types / sizeof types[0];
    for (size_t i = 0; i < n; i++)
        ready_flag(&types[i]);
    for (size_t i = 0; i < n; i++)
        first_dir(&types[i]);

    /* Methods and iterators of fresh instances, each a first use of its
     * method descriptors in this process. */
    PyObject *list = Py_BuildValue("[iii]", 3, 1, 2);
    PyObject *dict = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    PyObject *str = PyUnicode_FromString("a,b,c");
    PyObject *bytes = PyBytes_FromString("a-b");
    PyObject *one = PyLong_FromLong(1);
    PyObject *comma = PyUnicode_FromString(",");
    PyObject *dash = PyBytes_FromString("-");
    first_method("list.append(1)", list, "append", one);
    first_method("list.sort()", list, "sort", NULL);
    first_method("list.copy()", list, "copy", NULL);
    first_method("dict.get('a')", dict, "get", PyUnicode_FromString("a"));
    first_method("dict.keys()", dict, "keys", NULL);
    first_method("dict.items()", dict, "items", NULL);
    first_method("str.split(',')", str, "split", comma);
    first_method("str.upper()", str, "upper", NULL);
    first_method("bytes.split(b'-')", bytes, "split", dash);
    first_method("bytes.hex()", bytes, "hex", NULL);
    first_method("int.bit_length()", one, "bit_length", NULL);
    PyObject *f = PyFloat_FromDouble(2.5);
    first_method("float.as_integer_ratio()", f, "as_integer_ratio", NULL);
    PyObject *c = PyComplex_FromDoubles(1.0, 2.0);
    first_method("complex.conjugate()", c, "conjugate", NULL);
    PyObject *ba = PyByteArray_FromStringAndSize("xyz", 3);
    first_method("bytearray.reverse()", ba, "reverse", NULL);
    PyObject *t = Py_BuildValue("(iii)", 1, 2, 1);
    first_method("tuple.count(1)", t, "count", one);
    PyObject *s = PySet_New(t);
    first_method("set.copy()", s, "copy", NULL);
    PyObject *fs = PyFrozenSet_New(t);
    first_method("frozenset.union()", fs, "union", NULL);
    PyObject *mv = PyMemoryView_FromObject(bytes);
    first_method("memoryview.tobytes()", mv, "tobytes", NULL);
    first_method("memoryview.tolist()", mv, "tolist", NULL);
    PyObject *r = PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 5);
    first_method("range.index(3)", r, "index", PyLong_FromLong(3));

    first_iter("iter(list)", Py_BuildValue("[ii]", 1, 2));
    first_iter("iter(tuple)", Py_BuildValue("(ii)", 1, 2));
    first_iter("iter(dict)", Py_BuildValue("{s:i}", "k", 1));
    first_iter("iter(dict.values())", PyObject_CallMethod(dict, "values", NULL));
    first_iter("iter(dict.items())", PyObject_CallMethod(dict, "items", NULL));
    first_iter("iter(set)", PySet_New(t));
    first_iter("iter(str)", PyUnicode_FromString("xy"));
    first_iter("iter(non-ASCII str)", PyUnicode_FromString("\xc3\xa9t\xc3\xa9"));
    first_iter("iter(bytes)", PyBytes_FromString("xy"));
    first_iter("iter(bytearray)", PyByteArray_FromStringAndSize("xy", 2));
    first_iter("iter(range)", PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 3));
    first_iter("iter(memoryview)", PyMemoryView_FromObject(bytes));
    first_iter("reversed(list)", PyObject_CallFunction((PyObject *)&PyReversed_Type, "O", list));
    first_iter("enumerate(list)", PyObject_CallFunction((PyObject *)&PyEnum_Type, "O", list));

    Py_DECREF(list);
    Py_DECREF(dict);
    Py_DECREF(str);
    Py_DECREF(bytes);
    Py_DECREF(one);
    Py_DECREF(comma);
    Py_DECREF(dash);
    Py_DECREF(f);
    Py_DECREF(c);
    Py_DECREF(ba);
    Py_DECREF(t);
    Py_DECREF(s);
    Py_DECREF(fs);
    Py_DECREF(mv);
    Py_DECREF(r);
    return 0;
}
