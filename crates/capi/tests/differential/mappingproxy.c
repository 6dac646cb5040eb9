/* Differential cases for mappingproxy (PyDictProxy_Type, PyDictProxy_New)
 * and type.__dict__, the read-only view extensions are handed when they
 * look at a class's namespace:
 *
 * - PyDictProxy_New over a dict, over another proxy, over a range (a
 *   mapping as far as the check goes); refused for lists, tuples and
 *   non-mappings;
 * - reading: len, [], in, iteration, reversed, get, keys, values, items,
 *   copy, str and repr, comparisons, | (either side), __class_getitem__;
 * - writing refused: item assignment and deletion, |=, attributes;
 * - mappingproxy(...) from C and its argument errors;
 * - type.__dict__ of static and heap types, a live view of the class;
 * - reference counts: the proxy holds its mapping.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

static PyObject *call_type(PyTypeObject *t, PyObject *args, PyObject *kwargs)
{
    PyObject *r = args ? PyObject_Call((PyObject *)t, args, kwargs) : NULL;
    Py_XDECREF(args);
    Py_XDECREF(kwargs);
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *d = Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2);
    PyObject *one = PyLong_FromLong(1);

    begin("PyDictProxy_New(dict) holds the dict");
    watch(d);
    PyObject *mp = PyDictProxy_New(d);
    put_repr(mp);
    end();
    CASE_OBJ("type(mp)", Py_XNewRef((PyObject *)Py_TYPE(mp)));
    CASE_OBJ("str(mp)", PyObject_Str(mp));
    CASE_OBJ("PyDictProxy_New(list)", PyDictProxy_New(Py_BuildValue("[i]", 1)));
    CASE_OBJ("PyDictProxy_New(tuple)", PyDictProxy_New(Py_BuildValue("(i)", 1)));
    CASE_OBJ("PyDictProxy_New(int)", PyDictProxy_New(one));
    CASE_OBJ("PyDictProxy_New(str)", PyDictProxy_New(PyUnicode_FromString("abc")));
    CASE_OBJ("PyDictProxy_New(mp)", PyDictProxy_New(mp));

    /* reading */
    CASE_INT("len(mp)", (int)PyObject_Size(mp));
    CASE_INT("PyMapping_Size(mp)", (int)PyMapping_Size(mp));
    CASE_INT("PyMapping_Check(mp)", PyMapping_Check(mp));
    CASE_INT("PySequence_Check(mp)", PySequence_Check(mp));
    CASE_OBJ("mp['a']", PyObject_GetItem(mp, PyUnicode_FromString("a")));
    CASE_OBJ("mp['z']", PyMapping_GetItemString(mp, "z"));
    CASE_OBJ("mp[[]]", PyObject_GetItem(mp, PyList_New(0)));
    CASE_INT("'a' in mp", PySequence_Contains(mp, PyUnicode_FromString("a")));
    CASE_INT("'z' in mp", PySequence_Contains(mp, PyUnicode_FromString("z")));
    CASE_INT("[] in mp", PySequence_Contains(mp, PyList_New(0)));
    CASE_OBJ("list(mp)", PySequence_List(mp));
    CASE_OBJ("mp.get('a')", PyObject_CallMethod(mp, "get", "s", "a"));
    CASE_OBJ("mp.get('z')", PyObject_CallMethod(mp, "get", "s", "z"));
    CASE_OBJ("mp.get('z', 5)", PyObject_CallMethod(mp, "get", "si", "z", 5));
    CASE_OBJ("mp.get()", PyObject_CallMethod(mp, "get", NULL));
    CASE_OBJ("mp.get(1, 2, 3)", PyObject_CallMethod(mp, "get", "iii", 1, 2, 3));
    CASE_OBJ("mp.get(key='a')", PyObject_Call(PyObject_GetAttrString(mp, "get"), PyTuple_New(0), Py_BuildValue("{s:s}", "key", "a")));
    CASE_OBJ("mp.keys()", PyObject_CallMethod(mp, "keys", NULL));
    CASE_OBJ("mp.values()", PyObject_CallMethod(mp, "values", NULL));
    CASE_OBJ("mp.items()", PyObject_CallMethod(mp, "items", NULL));
    CASE_OBJ("mp.keys(1)", PyObject_CallMethod(mp, "keys", "i", 1));
    begin("mp.copy() is a new dict");
    PyObject *c = PyObject_CallMethod(mp, "copy", NULL);
    put("%s is d: %d ", c ? Py_TYPE(c)->tp_name : "NULL", c == d);
    obj_result(c);
    end();
    CASE_OBJ("mp == {'a': 1, 'b': 2}", PyObject_RichCompare(mp, Py_BuildValue("{s:i,s:i}", "a", 1, "b", 2), Py_EQ));
    CASE_OBJ("mp != d", PyObject_RichCompare(mp, d, Py_NE));
    CASE_OBJ("mp == mp", PyObject_RichCompare(mp, mp, Py_EQ));
    CASE_OBJ("d == mp", PyObject_RichCompare(d, mp, Py_EQ));
    CASE_OBJ("mp < d", PyObject_RichCompare(mp, d, Py_LT));
    CASE_OBJ("mp == 1", PyObject_RichCompare(mp, one, Py_EQ));
    begin("hash(mp)");
    put("%zd", (Py_ssize_t)PyObject_Hash(mp));
    end();
    CASE_OBJ("mp | {'c': 3}", PyNumber_Or(mp, Py_BuildValue("{s:i}", "c", 3)));
    CASE_OBJ("{'c': 3} | mp", PyNumber_Or(Py_BuildValue("{s:i}", "c", 3), mp));
    CASE_OBJ("mp | mp", PyNumber_Or(mp, mp));
    CASE_OBJ("mp | 1", PyNumber_Or(mp, one));
    CASE_OBJ("1 | mp", PyNumber_Or(one, mp));
    CASE_OBJ("mp |= {}", PyNumber_InPlaceOr(mp, d));
    CASE_OBJ("mp.__class_getitem__(int)", PyObject_CallMethod(mp, "__class_getitem__", "O", (PyObject *)&PyLong_Type));

    /* writing */
    CASE_INT("mp['a'] = 1", PyObject_SetItem(mp, PyUnicode_FromString("a"), one));
    CASE_INT("del mp['a']", PyObject_DelItem(mp, PyUnicode_FromString("a")));
    CASE_INT("PyMapping_SetItemString(mp, 'q', 1)", PyMapping_SetItemString(mp, "q", one));
    CASE_OBJ("mp.__setitem__", PyObject_GetAttrString(mp, "__setitem__"));
    CASE_INT("mp.x = 1", PyObject_SetAttrString(mp, "x", one));
    CASE_OBJ("mp.mapping", PyObject_GetAttrString(mp, "mapping"));
    begin("a change to d shows through mp");
    PyDict_SetItemString(d, "c", one);
    obj_result(PyObject_Repr(mp));
    end();

    /* other mappings */
    PyObject *range = PyObject_CallFunction((PyObject *)&PyRange_Type, "i", 5);
    PyObject *rmp = PyDictProxy_New(range);
    CASE_OBJ("proxy(range(5))", rmp ? PyObject_Repr(rmp) : NULL);
    CASE_OBJ("proxy(range(5))[2]", rmp ? PyObject_GetItem(rmp, PyLong_FromLong(2)) : NULL);
    CASE_OBJ("proxy(range(5))[9]", rmp ? PyObject_GetItem(rmp, PyLong_FromLong(9)) : NULL);
    CASE_INT("3 in proxy(range(5))", rmp ? PySequence_Contains(rmp, PyLong_FromLong(3)) : -2);
    CASE_OBJ("len(proxy(range(5)))", rmp ? PyLong_FromSsize_t(PyObject_Size(rmp)) : NULL);
    CASE_OBJ("list(proxy(range(5)))", rmp ? PySequence_List(rmp) : NULL);
    CASE_OBJ("proxy(range(5)).get(1)", rmp ? PyObject_CallMethod(rmp, "get", "i", 1) : NULL);
    CASE_OBJ("proxy(range(5)).keys()", rmp ? PyObject_CallMethod(rmp, "keys", NULL) : NULL);
    CASE_OBJ("proxy(range(5)) == range(5)", rmp ? PyObject_RichCompare(rmp, range, Py_EQ) : NULL);
    CASE_OBJ("proxy(range(5)) | d", rmp ? PyNumber_Or(rmp, d) : NULL);
    Py_XDECREF(rmp);
    Py_XDECREF(range);
    PyObject *mmp = PyDictProxy_New(mp);
    CASE_OBJ("proxy(mp)", PyObject_Repr(mmp));
    CASE_INT("'a' in proxy(mp)", PySequence_Contains(mmp, PyUnicode_FromString("a")));
    CASE_OBJ("proxy(mp).copy()", PyObject_CallMethod(mmp, "copy", NULL));
    CASE_OBJ("proxy(mp) | proxy(mp)", PyNumber_Or(mmp, mmp));
    Py_XDECREF(mmp);

    /* the constructor */
    CASE_OBJ("mappingproxy(d)", call_type(&PyDictProxy_Type, Py_BuildValue("(O)", d), NULL));
    CASE_OBJ("mappingproxy(mapping=d)", call_type(&PyDictProxy_Type, PyTuple_New(0), Py_BuildValue("{s:O}", "mapping", d)));
    CASE_OBJ("mappingproxy()", call_type(&PyDictProxy_Type, PyTuple_New(0), NULL));
    CASE_OBJ("mappingproxy(d, d)", call_type(&PyDictProxy_Type, Py_BuildValue("(OO)", d, d), NULL));
    CASE_OBJ("mappingproxy(x=1)", call_type(&PyDictProxy_Type, PyTuple_New(0), Py_BuildValue("{s:i}", "x", 1)));
    CASE_OBJ("mappingproxy([1])", call_type(&PyDictProxy_Type, Py_BuildValue("([i])", 1), NULL));
    CASE_OBJ("mappingproxy.__name__", PyObject_GetAttrString((PyObject *)&PyDictProxy_Type, "__name__"));
    CASE_OBJ("mappingproxy.__doc__", PyObject_GetAttrString((PyObject *)&PyDictProxy_Type, "__doc__"));
    CASE_OBJ("class X(mappingproxy)",
             PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "X", (PyObject *)&PyDictProxy_Type));

    /* type.__dict__ */
    PyObject *idict = PyObject_GetAttrString((PyObject *)&PyLong_Type, "__dict__");
    CASE_OBJ("type(int.__dict__)", Py_XNewRef(idict ? (PyObject *)Py_TYPE(idict) : NULL));
    CASE_OBJ("int.__dict__['__add__']", idict ? PyMapping_GetItemString(idict, "__add__") : NULL);
    CASE_OBJ("int.__dict__['bit_length']", idict ? PyMapping_GetItemString(idict, "bit_length") : NULL);
    CASE_INT("int.__dict__['x'] = 1", idict ? PyObject_SetItem(idict, PyUnicode_FromString("x"), one) : -2);
    Py_XDECREF(idict);
    PyObject *cdict = PyObject_GetAttrString((PyObject *)&PyCell_Type, "__dict__");
    CASE_OBJ("cell.__dict__['cell_contents']", cdict ? PyMapping_GetItemString(cdict, "cell_contents") : NULL);
    Py_XDECREF(cdict);
    CASE_OBJ("type.__dict__['__dict__']", PyMapping_GetItemString(PyObject_GetAttrString((PyObject *)&PyType_Type, "__dict__"), "__dict__"));
    PyObject *kls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(){s:i}", "K", "x", 1);
    PyObject *kdict = PyObject_GetAttrString(kls, "__dict__");
    CASE_OBJ("type(K.__dict__)", Py_XNewRef(kdict ? (PyObject *)Py_TYPE(kdict) : NULL));
    CASE_OBJ("K.__dict__['x']", PyMapping_GetItemString(kdict, "x"));
    CASE_OBJ("K.__dict__['y'] before K.y = 2", PyMapping_GetItemString(kdict, "y"));
    PyObject_SetAttrString(kls, "y", one);
    CASE_OBJ("K.__dict__['y'] after K.y = 1", PyMapping_GetItemString(kdict, "y"));
    CASE_INT("K.__dict__['y'] = 2", PyObject_SetItem(kdict, PyUnicode_FromString("y"), one));
    CASE_OBJ("K().__dict__", PyObject_GetAttrString(PyObject_CallNoArgs(kls), "__dict__"));
    Py_XDECREF(kdict);
    Py_XDECREF(kls);

    /* dict's own | and |=, which the proxy forwards to */
    PyObject *pairs = Py_BuildValue("[(si)]", "x", 7);
    CASE_OBJ("d | [('x', 7)]", PyNumber_Or(d, pairs));
    CASE_OBJ("d |= [('x', 7)]", PyNumber_InPlaceOr(d, pairs));
    CASE_OBJ("d |= 1", PyNumber_InPlaceOr(d, one));
    CASE_OBJ("d |= [1]", PyNumber_InPlaceOr(d, PyTuple_Pack(1, one)));
    CASE_OBJ("d |= mp", PyNumber_InPlaceOr(d, mp));
    CASE_OBJ("d", Py_NewRef(d));
    Py_DECREF(pairs);

    begin("releasing mp releases d");
    watch(d);
    Py_CLEAR(mp);
    end();
    Py_DECREF(d);
    Py_DECREF(one);
    return 0;
}
