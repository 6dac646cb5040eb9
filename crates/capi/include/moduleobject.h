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

PyAPI_FUNC(const char *) PyModule_GetName(PyObject *module);
PyAPI_FUNC(PyObject *) PyModule_GetNameObject(PyObject *module);
PyAPI_FUNC(PyModuleDef *) PyModule_GetDef(PyObject *module);
PyAPI_FUNC(void *) PyModule_GetState(PyObject *module);

typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;
    PyObject *m_copy;
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL, }

/* Multi-phase initialisation is not supported: m_slots must be NULL. */
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
    traverseproc m_traverse;     /* never called: no cycle collector */
    inquiry m_clear;             /* never called */
    freefunc m_free;             /* called with the module when it dies */
};

#ifdef __cplusplus
}
#endif

#endif /* !Py_MODULEOBJECT_H */
