/*
 * bltinmodule.h -- the iterator types of the builtins module that CPython
 * 3.11's bltinmodule.h declares: filter, map and zip.
 */
#ifndef Py_BLTINMODULE_H
#define Py_BLTINMODULE_H

#ifdef __cplusplus
extern "C" {
#endif

/* `map`. */
PyAPI_DATA(PyTypeObject) PyFilter_Type;
PyAPI_DATA(PyTypeObject) PyMap_Type;
/* `zip`. */
PyAPI_DATA(PyTypeObject) PyZip_Type;

#ifdef __cplusplus
}
#endif

#endif /* !Py_BLTINMODULE_H */
