/* Differential cases for the references type(name, bases, dict)
 * (Objects/typeobject.c's type_new) takes to its arguments and keeps: the
 * name (ht_name, and ht_qualname without a __qualname__), the bases, the
 * dict's keys and values, a __qualname__ and __slots__, counted while the
 * class lives and, for the arguments only, when the call fails.
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

static PyObject *Type = (PyObject *)&PyType_Type;
/* The classes made, released at the end (a class is freed only by the
   cycle collector, which these cases leave alone). */
static PyObject *made[64];
static int n_made;

/* type(name, bases, dict) with borrowed arguments: the result's repr,
   the class kept. */
static PyObject *mk(PyObject *name, PyObject *bases, PyObject *dict)
{
    PyObject *r = PyObject_CallFunctionObjArgs(Type, name, bases, dict, NULL);
    if (r != NULL && n_made < 64) {
        Py_INCREF(r);
        made[n_made++] = r;
    }
    return r;
}

int main(void)
{
    Py_Initialize();
    PyObject *empty = PyTuple_New(0);
    PyObject *obj_bases = Py_BuildValue("(O)", (PyObject *)&PyBaseObject_Type);

    {
        PyObject *name = PyUnicode_FromString("Plain");
        PyObject *dict = PyDict_New();
        begin("type('Plain', (), {}): name, bases, dict");
        watch(name);
        watch(empty);
        watch(dict);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(dict);
    }
    {
        PyObject *name = PyUnicode_FromString("WithBase");
        PyObject *dict = PyDict_New();
        begin("type('WithBase', (object,), {}): name, bases, dict");
        watch(name);
        watch(obj_bases);
        watch(dict);
        obj_result(mk(name, obj_bases, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(dict);
    }
    {
        PyObject *name = PyUnicode_FromString("Q");
        PyObject *qual = PyUnicode_FromString("Outer.Q");
        PyObject *dict = PyDict_New();
        PyDict_SetItemString(dict, "__qualname__", qual);
        begin("type('Q', (), {'__qualname__': 'Outer.Q'}): name, qualname");
        watch(name);
        watch(qual);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(qual);
        Py_DECREF(dict);
    }
    {
        PyObject *name = PyUnicode_FromString("Attrs");
        PyObject *key = PyUnicode_FromString("attr");
        PyObject *value = PyLong_FromLong(123456);
        PyObject *dict = PyDict_New();
        PyDict_SetItem(dict, key, value);
        begin("type('Attrs', (), {'attr': 123456}): name, key, value");
        watch(name);
        watch(key);
        watch(value);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(key);
        Py_DECREF(value);
        Py_DECREF(dict);
    }
    {
        PyObject *name = PyUnicode_FromString("Slotted");
        PyObject *slot = PyUnicode_FromString("field");
        PyObject *slots = Py_BuildValue("(O)", slot);
        PyObject *dict = PyDict_New();
        PyDict_SetItemString(dict, "__slots__", slots);
        begin("type('Slotted', (), {'__slots__': ('field',)}): name, slot, slots");
        watch(name);
        watch(slot);
        watch(slots);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(slot);
        Py_DECREF(slots);
        Py_DECREF(dict);
    }
    {
        /* A private slot name is mangled; a class name of underscores
           alone mangles nothing. */
        PyObject *name = PyUnicode_FromString("__");
        PyObject *slot = PyUnicode_FromString("__private");
        PyObject *slots = Py_BuildValue("(O)", slot);
        PyObject *dict = PyDict_New();
        PyDict_SetItemString(dict, "__slots__", slots);
        begin("type('__', (), {'__slots__': ('__private',)}): slot");
        watch(slot);
        PyObject *cls = mk(name, empty, dict);
        obj_result(cls);
        put(" has __private: %d", cls ? PyObject_HasAttrString(cls, "__private") : -1);
        end();
        Py_DECREF(name);
        Py_DECREF(slot);
        Py_DECREF(slots);
        Py_DECREF(dict);
    }
    {
        PyObject *name = PyUnicode_FromString("_K");
        PyObject *slot = PyUnicode_FromString("__private");
        PyObject *slots = Py_BuildValue("(O)", slot);
        PyObject *dict = PyDict_New();
        PyDict_SetItemString(dict, "__slots__", slots);
        begin("type('_K', (), {'__slots__': ('__private',)}): slot");
        watch(slot);
        PyObject *cls = mk(name, empty, dict);
        obj_result(cls);
        put(" has _K__private: %d", cls ? PyObject_HasAttrString(cls, "_K__private") : -1);
        end();
        Py_DECREF(name);
        Py_DECREF(slot);
        Py_DECREF(slots);
        Py_DECREF(dict);
    }
    {
        /* Fails: a base that is not a type. */
        PyObject *name = PyUnicode_FromString("Bad");
        PyObject *bad = Py_BuildValue("(i)", 5);
        PyObject *dict = PyDict_New();
        begin("type('Bad', (5,), {}) fails: name, bases, dict");
        watch(name);
        watch(bad);
        watch(dict);
        obj_result(mk(name, bad, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(bad);
        Py_DECREF(dict);
    }
    {
        /* Fails: a bad __slots__ entry. */
        PyObject *name = PyUnicode_FromString("BadSlots");
        PyObject *slots = Py_BuildValue("(i)", 1);
        PyObject *dict = PyDict_New();
        PyDict_SetItemString(dict, "__slots__", slots);
        begin("type('BadSlots', (), {'__slots__': (1,)}) fails: name, slots, dict");
        watch(name);
        watch(slots);
        watch(dict);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(slots);
        Py_DECREF(dict);
    }
    {
        /* Fails: a name with a NUL. */
        PyObject *name = PyUnicode_FromStringAndSize("N\0ul", 4);
        PyObject *dict = PyDict_New();
        begin("type('N\\0ul', (), {}) fails: name, dict");
        watch(name);
        watch(dict);
        obj_result(mk(name, empty, dict));
        end();
        Py_DECREF(name);
        Py_DECREF(dict);
    }
    {
        /* The name's count follows __name__ assignment. */
        PyObject *name = PyUnicode_FromString("Renamed");
        PyObject *dict = PyDict_New();
        PyObject *cls = mk(name, empty, dict);
        PyObject *other = PyUnicode_FromString("Other");
        begin("cls.__name__ = 'Other': old name, new name");
        watch(name);
        watch(other);
        int_result(cls ? PyObject_SetAttrString(cls, "__name__", other) : -1);
        end();
        begin("cls.__name__ -> 'Other', repr");
        obj_result(cls ? PyObject_GetAttrString(cls, "__name__") : NULL);
        put(" ");
        obj_result(cls ? PyObject_Repr(cls) : NULL);
        put(" tp_name=%s", cls ? ((PyTypeObject *)cls)->tp_name : "?");
        end();
        begin("cls.__name__ = 5");
        int_result(cls ? PyObject_SetAttrString(cls, "__name__", PyLong_FromLong(5)) : -1);
        end();
        begin("cls.__name__ = 'N\\0ul'");
        {
            PyObject *nul = PyUnicode_FromStringAndSize("N\0ul", 4);
            int_result(cls ? PyObject_SetAttrString(cls, "__name__", nul) : -1);
            Py_XDECREF(nul);
        }
        end();
        begin("cls.__name__ = '\\ud800'");
        {
            PyObject *sur = PyUnicode_FromOrdinal(0xd800);
            int_result(cls ? PyObject_SetAttrString(cls, "__name__", sur) : -1);
            Py_XDECREF(sur);
        }
        end();
        begin("del cls.__name__");
        int_result(cls ? PyObject_DelAttrString(cls, "__name__") : -1);
        end();
        begin("del cls.__qualname__");
        int_result(cls ? PyObject_DelAttrString(cls, "__qualname__") : -1);
        end();
        begin("cls.__qualname__ = 5");
        int_result(cls ? PyObject_SetAttrString(cls, "__qualname__", PyLong_FromLong(5)) : -1);
        end();
        begin("int.__name__ = 'x'");
        int_result(PyObject_SetAttrString((PyObject *)&PyLong_Type, "__name__", other));
        end();
        begin("int.__qualname__ = 'x'");
        int_result(PyObject_SetAttrString((PyObject *)&PyLong_Type, "__qualname__", other));
        end();
        begin("del int.__name__");
        int_result(PyObject_DelAttrString((PyObject *)&PyLong_Type, "__name__"));
        end();
        begin("cls.__qualname__ = 'Other': old name, new name");
        watch(name);
        watch(other);
        int_result(cls ? PyObject_SetAttrString(cls, "__qualname__", other) : -1);
        end();
        begin("cls.__qualname__ -> 'Other', repr");
        obj_result(cls ? PyObject_GetAttrString(cls, "__qualname__") : NULL);
        put(" ");
        obj_result(cls ? PyObject_Repr(cls) : NULL);
        end();
        Py_XDECREF(cls);
        Py_DECREF(name);
        Py_DECREF(other);
        Py_DECREF(dict);
    }
    {
        /* type's tp_new called directly. */
        PyObject *name = PyUnicode_FromString("Direct");
        PyObject *dict = PyDict_New();
        PyObject *args = PyTuple_Pack(3, name, empty, dict);
        begin("PyType_Type.tp_new(type, args, NULL): name");
        watch(name);
        obj_result(args ? PyType_Type.tp_new(&PyType_Type, args, NULL) : NULL);
        end();
        Py_XDECREF(args);
        Py_DECREF(name);
        Py_DECREF(dict);
    }

    for (int i = 0; i < n_made; i++)
        Py_DECREF(made[i]);
    Py_DECREF(empty);
    Py_DECREF(obj_bases);
    return 0;
}
