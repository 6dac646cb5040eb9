/*
 * import.h -- importing modules. pybuffer has no import system: these find
 * the extension modules the host has loaded (CPython's sys.modules), and a
 * name that is not loaded fails as CPython fails for a module it cannot
 * find: ModuleNotFoundError("No module named 'x'"), with .name set.
 */
#ifndef Py_IMPORT_H
#define Py_IMPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* CPython 3.11's .pyc magic number as its first four bytes read little-
   endian (3495 | '\r' << 16 | '\n' << 24) and its cache tag ("cpython-311"). */
PyAPI_FUNC(long) PyImport_GetMagicNumber(void);
PyAPI_FUNC(const char *) PyImport_GetMagicTag(void);

PyAPI_FUNC(PyObject *) PyImport_GetModule(PyObject *name);
/* importlib.reload(m) over the loaded modules: TypeError for a non-module,
   ImportError when m is not sys.modules[m.__name__]; with no finders, a
   module without a __spec__ that is neither the library's own nor in
   PyImport_Inittab cannot be found again (ModuleNotFoundError). An
   extension or native module is not re-run (nor is it by CPython): the
   result is the same module object. */
PyAPI_FUNC(PyObject *) PyImport_ReloadModule(PyObject *m);
/* the same with the name given as a _Py_IDENTIFIER */
PyAPI_FUNC(PyObject *) _PyImport_GetModuleId(_Py_Identifier *name);
/* sys.modules (borrowed): a dict of the loaded modules by name. Modules
   C code adds to it are found by PyImport_GetModule and PyImport_Import. */
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
PyAPI_FUNC(PyObject *) PyImport_AddModuleObject(PyObject *name);
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *name);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleNoBlock(const char *name);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *name);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevelObject(PyObject *name, PyObject *globals, PyObject *locals,
                                                        PyObject *fromlist, int level);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevel(const char *name, PyObject *globals, PyObject *locals,
                                                  PyObject *fromlist, int level);
#define PyImport_ImportModuleEx(n, g, l, f) PyImport_ImportModuleLevel(n, g, l, f, 0)

/* Built-in modules: the table an import looks in (after the modules
   already loaded), each entry a name and its PyInit function; NULL ends
   it. Extend it before Py_Initialize, as CPython documents (3.11, like
   this library, also takes later additions): the first import of an added
   name calls its function and registers the module, a built-in one
   ("<module 'name' (built-in)>", no __file__). */
PyAPI_FUNC(int) PyImport_AppendInittab(const char *name, PyObject *(*initfunc)(void));

#ifndef Py_LIMITED_API
struct _inittab {
    const char *name;             /* ASCII encoded string */
    PyObject *(*initfunc)(void);
};
PyAPI_DATA(struct _inittab *) PyImport_Inittab;
PyAPI_FUNC(int) PyImport_ExtendInittab(struct _inittab *newtab);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_IMPORT_H */
