/* Stand-ins for the parts of dulwich's Python package its C modules import
 * at init (the drivers load the C modules alone, with no interpreter to run
 * dulwich's .py files): the `dulwich` package, dulwich.errors' exception classes
 * (made with PyErr_NewException) and dulwich.objects.TreeEntry, a
 * namedtuple("TreeEntry", ["path", "mode", "sha"]) written here as a heap
 * subclass of tuple (PyType_FromSpecWithBases) with the three fields as
 * getters and namedtuple's constructor and repr.
 *
 * Include after corpus.h.
 */
#ifndef DULWICH_STANDINS_H
#define DULWICH_STANDINS_H

static PyObject *TreeEntry, *ObjectFormatException, *ApplyDeltaError;

static PyObject *tree_entry_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *names[] = {"path", "mode", "sha", NULL};
    PyObject *path, *mode, *sha;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OOO:TreeEntry", names, &path, &mode, &sha))
        return NULL;
    PyObject *items = PyTuple_Pack(3, path, mode, sha);
    if (items == NULL)
        return NULL;
    PyObject *packed = PyTuple_Pack(1, items);
    Py_DECREF(items);
    if (packed == NULL)
        return NULL;
    PyObject *self = PyTuple_Type.tp_new(type, packed, NULL);
    Py_DECREF(packed);
    return self;
}

static PyObject *tree_entry_field(PyObject *self, void *index)
{
    PyObject *item = PyTuple_GetItem(self, (Py_ssize_t)(size_t)index);
    Py_XINCREF(item);
    return item;
}

static PyObject *tree_entry_repr(PyObject *self)
{
    if (PyTuple_GET_SIZE(self) != 3)
        return PyUnicode_FromString("TreeEntry(?)");
    return PyUnicode_FromFormat("TreeEntry(path=%R, mode=%R, sha=%R)", PyTuple_GET_ITEM(self, 0),
                                PyTuple_GET_ITEM(self, 1), PyTuple_GET_ITEM(self, 2));
}

static PyGetSetDef tree_entry_getset[] = {
    {"path", tree_entry_field, NULL, NULL, (void *)0},
    {"mode", tree_entry_field, NULL, NULL, (void *)1},
    {"sha", tree_entry_field, NULL, NULL, (void *)2},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot tree_entry_slots[] = {
    {Py_tp_new, (void *)tree_entry_new},
    {Py_tp_repr, (void *)tree_entry_repr},
    {Py_tp_getset, tree_entry_getset},
    {0, NULL},
};

static PyType_Spec tree_entry_spec = {"dulwich.objects.TreeEntry", 0, 0, Py_TPFLAGS_DEFAULT, tree_entry_slots};

/* The dulwich package, dulwich.errors and dulwich.objects in sys.modules. */
static PyObject *stand_in_dulwich(void)
{
    PyObject *pkg = PyImport_AddModule("dulwich"); /* borrowed */
    PyObject *errors = PyImport_AddModule("dulwich.errors");
    PyObject *objects = PyImport_AddModule("dulwich.objects");
    if (pkg == NULL || errors == NULL || objects == NULL)
        bail("cannot add the dulwich package modules");
    PyObject *path = PyList_New(0);
    if (path == NULL || PyObject_SetAttrString(pkg, "__path__", path) < 0)
        bail("cannot make dulwich a package");
    Py_DECREF(path);
    ApplyDeltaError = PyErr_NewException("dulwich.errors.ApplyDeltaError", NULL, NULL);
    ObjectFormatException = PyErr_NewException("dulwich.errors.ObjectFormatException", NULL, NULL);
    if (ApplyDeltaError == NULL || ObjectFormatException == NULL
        || PyModule_AddObject(errors, "ApplyDeltaError", Py_NewRef(ApplyDeltaError)) < 0
        || PyModule_AddObject(errors, "ObjectFormatException", Py_NewRef(ObjectFormatException)) < 0)
        bail("cannot fill dulwich.errors");
    PyObject *bases = PyTuple_Pack(1, (PyObject *)&PyTuple_Type);
    TreeEntry = bases ? PyType_FromSpecWithBases(&tree_entry_spec, bases) : NULL;
    Py_XDECREF(bases);
    if (TreeEntry == NULL || PyModule_AddObject(objects, "TreeEntry", Py_NewRef(TreeEntry)) < 0)
        bail("cannot make dulwich.objects.TreeEntry");
    return objects;
}

#endif
