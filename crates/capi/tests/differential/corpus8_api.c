/* Differential cases for the API the corpus8 members (scripts/corpus.py:
 * bcrypt 4.3.0 among them) added:
 *
 * - _Py_IncRef / _Py_DecRef (Objects/object.c; private, but exported by
 *   CPython 3.11 and called by PyO3's abi3 builds for every reference):
 *   the counts they leave, and the last _Py_DecRef deallocating (seen
 *   through a weak reference going dead);
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

static void refcount_cases(void)
{
    PyObject *list = PyList_New(0);
    Py_ssize_t base = Py_REFCNT(list);
    _Py_IncRef(list);
    show("_Py_IncRef(list): count above the start", PyLong_FromSsize_t(Py_REFCNT(list) - base));
    _Py_IncRef(list);
    _Py_IncRef(list);
    show("_Py_IncRef three times", PyLong_FromSsize_t(Py_REFCNT(list) - base));
    _Py_DecRef(list);
    show("_Py_DecRef once", PyLong_FromSsize_t(Py_REFCNT(list) - base));
    _Py_DecRef(list);
    _Py_DecRef(list);
    show("_Py_DecRef back to the start", PyLong_FromSsize_t(Py_REFCNT(list) - base));
    Py_IncRef(list);
    _Py_DecRef(list);
    show("Py_IncRef then _Py_DecRef", PyLong_FromSsize_t(Py_REFCNT(list) - base));
    _Py_IncRef(list);
    Py_DecRef(list);
    show("_Py_IncRef then Py_DecRef", PyLong_FromSsize_t(Py_REFCNT(list) - base));

    /* The last reference dropped through _Py_DecRef frees the object. */
    PyObject *set = PySet_New(NULL);
    PyObject *ref = PyWeakref_NewRef(set, NULL);
    show("a weak reference to a live set", Py_NewRef(PyWeakref_GetObject(ref)));
    _Py_IncRef(set);
    _Py_DecRef(set);
    show("still alive after _Py_IncRef / _Py_DecRef", Py_NewRef(PyWeakref_GetObject(ref)));
    _Py_DecRef(set);
    show("dead after the last _Py_DecRef", Py_NewRef(PyWeakref_GetObject(ref)));
    Py_DECREF(ref);

    /* A str keeps its value through them. */
    PyObject *s = PyUnicode_FromString("pyo3 abi3");
    _Py_IncRef(s);
    show("_Py_IncRef(str) keeps the value", Py_NewRef(s));
    _Py_DecRef(s);
    _Py_DecRef(s);
    Py_DECREF(list);
}

int main(void)
{
    Py_Initialize();
    refcount_cases();
    return 0;
}
