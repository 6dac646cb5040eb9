/* The module set-up both BTrees drivers (btrees_oo.c, btrees_ii.c) need
 * before loading their extension: persistent.cPersistence (the
 * persistent-cpersistence member's build, next to this one's) and a
 * BTrees.Interfaces with BTreesConflictError, which the extensions import
 * at init.
 */
#ifndef PYBUFFER_CORPUS_BTREES_SETUP_H
#define PYBUFFER_CORPUS_BTREES_SETUP_H

#include "corpus.h"

/* A new module `name` in sys.modules (borrowed: sys.modules keeps it). */
static PyObject *put_module(const char *name)
{
    PyObject *m = PyModule_New(name);
    if (m == NULL || PyDict_SetItemString(PyImport_GetModuleDict(), name, m) < 0)
        bail("sys.modules[%s] = ...", name);
    Py_DECREF(m);
    return m;
}

/* The BTrees extension `module` from the build at `ext`, after the modules
   its init imports. */
static PyObject *load_btrees(const char *ext, const char *module)
{
    PyObject *persistent = put_module("persistent");
    PyObject *cper = load_module_beside(ext, "cPersistence.so", "cPersistence");
    if (PyDict_SetItemString(PyImport_GetModuleDict(), "persistent.cPersistence", cper) < 0
        || PyObject_SetAttrString(persistent, "cPersistence", cper) < 0)
        bail("registering persistent.cPersistence");
    Py_DECREF(cper);
    PyObject *interfaces = put_module("BTrees.Interfaces");
    PyObject *btrees = put_module("BTrees");
    PyObject *err = PyErr_NewException("BTrees.Interfaces.BTreesConflictError", PyExc_ValueError, NULL);
    if (err == NULL || PyObject_SetAttrString(interfaces, "BTreesConflictError", err) < 0
        || PyObject_SetAttrString(btrees, "Interfaces", interfaces) < 0)
        bail("making BTrees.Interfaces");
    Py_DECREF(err);
    return load_module(ext, module);
}

#endif
