/*
 * moduleobject.h -- module objects: PyModuleDef, PyModule_Type and the
 * accessors of a module's name, definition and state.
 */
#ifndef Py_MODULEOBJECT_H
#define Py_MODULEOBJECT_H

#include "object.h"
#include "methodobject.h"

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_DATA(PyTypeObject) PyModule_Type;
#define PyModule_Check(op) PyObject_TypeCheck((op), &PyModule_Type)
#define PyModule_CheckExact(op) Py_IS_TYPE((op), &PyModule_Type)

PyAPI_FUNC(PyObject *) PyModule_NewObject(PyObject *name);
PyAPI_FUNC(PyObject *) PyModule_New(const char *name);
PyAPI_FUNC(PyObject *) PyModule_GetDict(PyObject *module);
PyAPI_FUNC(const char *) PyModule_GetName(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetNameObject(PyObject *module);
PyAPI_FUNC(const char *) PyModule_GetFilename(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetFilenameObject(PyObject *module);
PyAPI_FUNC(PyModuleDef *) PyModule_GetDef(PyObject *module);
PyAPI_FUNC(void *) PyModule_GetState(PyObject *module);

/* A multi-phase PyInit_* returns PyModuleDef_Init(&def). */
PyAPI_DATA(PyTypeObject) PyModuleDef_Type;
PyAPI_FUNC(PyObject *) PyModuleDef_Init(struct PyModuleDef *def);

typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;
    PyObject *m_copy;
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL, }

/* Multi-phase initialisation: Py_mod_create and Py_mod_exec slots. */
struct PyModuleDef_Slot {
    int slot;
    void *value;
};
#define Py_mod_create 1
#define Py_mod_exec 2

struct PyModuleDef {
    PyModuleDef_Base m_base;
    const char *m_name;
    const char *m_doc;
    Py_ssize_t m_size;           /* bytes of PyModule_GetState; 0 or -1: none */
    PyMethodDef *m_methods;
    PyModuleDef_Slot *m_slots;
    traverseproc m_traverse;     /* called by the module's tp_traverse (no collector calls it) */
    inquiry m_clear;             /* called by the module's tp_clear */
    freefunc m_free;             /* called with the module when it dies */
};

/* Declared in modsupport.h and pystate.h by CPython. */
PyAPI_FUNC(PyObject *) PyModule_FromDefAndSpec2(PyModuleDef *def, PyObject *spec, int module_api_version);
#define PyModule_FromDefAndSpec(module, spec) PyModule_FromDefAndSpec2((module), (spec), 1013)
PyAPI_FUNC(int) PyModule_ExecDef(PyObject *module, PyModuleDef *def);
PyAPI_FUNC(int) PyModule_AddFunctions(PyObject *module, PyMethodDef *functions);
PyAPI_FUNC(int) PyModule_SetDocString(PyObject *module, const char *doc);
/* Single-phase modules are recorded per process (CPython: per interpreter)
   by the loader; PyState_FindModule returns NULL for multi-phase ones. */
PyAPI_FUNC(PyObject *) PyState_FindModule(PyModuleDef *def);
PyAPI_FUNC(int) PyState_AddModule(PyObject *module, PyModuleDef *def);
PyAPI_FUNC(int) PyState_RemoveModule(PyModuleDef *def);

#ifdef __cplusplus
}
#endif

#endif /* !Py_MODULEOBJECT_H */
