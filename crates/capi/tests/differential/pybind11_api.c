/* Differential cases for the C API pybind11 2.13 uses beyond what other
 * extensions do: PyThreadState.gilstate_counter (gil_scoped_acquire counts
 * its nesting there, at CPython 3.11's offset) with PyGILState_Ensure /
 * Release on this thread and on a new one, PyImport_ReloadModule's errors
 * and result, the PyCode_Get* accessors, and type.__module__ /
 * type.__doc__ assignment.
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

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "case.h"

static PyObject *counter_of(PyThreadState *ts)
{
    return PyLong_FromLong(ts ? ts->gilstate_counter : -1);
}

/* What a new thread sees: the counter of the state PyGILState_Ensure
   makes, nested once, and whether that state is gone after the last
   Release (a second Ensure makes a new one, counting from 1 again). */
static int thread_counts[6];

static void *gil_thread(void *arg)
{
    (void)arg;
    thread_counts[0] = PyGILState_GetThisThreadState() == NULL;
    PyGILState_STATE outer = PyGILState_Ensure();
    PyThreadState *ts = PyGILState_GetThisThreadState();
    thread_counts[1] = ts->gilstate_counter;
    PyGILState_STATE inner = PyGILState_Ensure();
    thread_counts[2] = ts->gilstate_counter;
    thread_counts[3] = inner == PyGILState_LOCKED && outer == PyGILState_UNLOCKED;
    PyGILState_Release(inner);
    thread_counts[4] = ts->gilstate_counter;
    PyGILState_Release(outer);
    thread_counts[5] = PyGILState_GetThisThreadState() == NULL;
    return NULL;
}

/* pybind11's gil_scoped_acquire on a thread with no state: a state from
   PyThreadState_New with the counter set to 0, taken with
   PyEval_AcquireThread and counted up; the count back at 0 clears and
   deletes it. */
static int scoped_counts[4];

static void *scoped_thread(void *arg)
{
    PyInterpreterState *interp = arg;
    PyThreadState *ts = PyThreadState_New(interp);
    scoped_counts[0] = ts->gilstate_counter; /* 1: it became the auto state */
    ts->gilstate_counter = 0;
    PyEval_AcquireThread(ts);
    ++ts->gilstate_counter;
    scoped_counts[1] = PyGILState_GetThisThreadState() == ts;
    /* A nested PyGILState_Ensure finds it current and counts on it. */
    PyGILState_STATE st = PyGILState_Ensure();
    scoped_counts[2] = ts->gilstate_counter;
    PyGILState_Release(st);
    scoped_counts[3] = ts->gilstate_counter;
    --ts->gilstate_counter;
    PyThreadState_Clear(ts);
    PyThreadState_DeleteCurrent();
    return NULL;
}

static PyObject *ints(const int *v, int n)
{
    PyObject *t = PyTuple_New(n);
    for (int i = 0; t && i < n; i++)
        PyTuple_SET_ITEM(t, i, PyLong_FromLong(v[i]));
    return t;
}

int main(void)
{
    Py_Initialize();

    /* gilstate_counter. */
    show("offsetof(PyThreadState, gilstate_counter)",
         PyLong_FromSize_t(offsetof(PyThreadState, gilstate_counter)));
    PyThreadState *main_ts = PyThreadState_Get();
    show("main thread counter", counter_of(main_ts));
    show("main is the auto state", PyBool_FromLong(PyGILState_GetThisThreadState() == main_ts));
    PyGILState_STATE st = PyGILState_Ensure();
    show("Ensure on the main thread: LOCKED", PyBool_FromLong(st == PyGILState_LOCKED));
    show("counter after Ensure", counter_of(main_ts));
    PyGILState_STATE st2 = PyGILState_Ensure();
    show("counter after a nested Ensure", counter_of(main_ts));
    PyGILState_Release(st2);
    show("counter after Release", counter_of(main_ts));
    PyGILState_Release(st);
    show("counter after the outer Release", counter_of(main_ts));
    show("main state still current", PyBool_FromLong(PyThreadState_Get() == main_ts));

    PyInterpreterState *interp = main_ts->interp;
    pthread_t th;
    Py_BEGIN_ALLOW_THREADS
    pthread_create(&th, NULL, gil_thread, NULL);
    pthread_join(th, NULL);
    Py_END_ALLOW_THREADS
    show("Ensure/Release on a new thread", ints(thread_counts, 6));
    Py_BEGIN_ALLOW_THREADS
    pthread_create(&th, NULL, scoped_thread, interp);
    pthread_join(th, NULL);
    Py_END_ALLOW_THREADS
    show("gil_scoped_acquire's protocol on a new thread", ints(scoped_counts, 4));
    show("main thread counter after the threads", counter_of(main_ts));

    /* PyImport_ReloadModule. */
    show("reload(5)", PyImport_ReloadModule(PyLong_FromLong(5)));
    PyObject *loose = PyModule_New("pyb_loose_mod");
    show("reload(module not in sys.modules)", PyImport_ReloadModule(loose));
    PyObject *added = PyImport_AddModule("pyb_added_mod");
    show("reload(module added with no spec)", PyImport_ReloadModule(added));
    PyObject *sub = PyModule_New("pyb_nopkg.sub");
    PyDict_SetItemString(PyImport_GetModuleDict(), "pyb_nopkg.sub", sub);
    show("reload(submodule, parent missing)", PyImport_ReloadModule(sub));
    PyObject *sub2 = PyImport_AddModule("pyb_added_mod.sub");
    show("reload(submodule of a non-package)", PyImport_ReloadModule(sub2));
    PyObject *arr = PyImport_ImportModule("array");
    PyObject *again = arr ? PyImport_ReloadModule(arr) : NULL;
    show("reload(array) is array", again ? PyBool_FromLong(again == arr) : NULL);
    Py_XDECREF(again);
    PyObject *named = PyModule_New("x");
    PyObject_SetAttrString(named, "__name__", PyLong_FromLong(3));
    show("reload(module named by an int)", PyImport_ReloadModule(named));
    PyObject *unhashable = PyModule_New("y");
    PyObject_SetAttrString(unhashable, "__name__", PyList_New(0));
    show("reload(module named by a list)", PyImport_ReloadModule(unhashable));
    Py_XDECREF(arr);
    Py_DECREF(loose);
    Py_DECREF(sub);
    Py_DECREF(named);
    Py_DECREF(unhashable);

    /* PyCode_Get*. */
    PyObject *varnames = Py_BuildValue("(sss)", "a", "b", "tmp");
    PyObject *cellvars = Py_BuildValue("(s)", "cell");
    PyObject *freevars = Py_BuildValue("(ss)", "f1", "f2");
    PyObject *empty = PyTuple_New(0);
    PyObject *code = PyBytes_FromStringAndSize("", 0);
    PyObject *file = PyUnicode_FromString("f.py"), *fname = PyUnicode_FromString("fn");
    PyCodeObject *co = PyCode_New(2, 0, 3, 0, 0, code, empty, empty, varnames, freevars, cellvars, file, fname,
                                  fname, 1, code, code);
    show("PyCode_GetVarnames", co ? PyCode_GetVarnames(co) : NULL);
    show("PyCode_GetCellvars", co ? PyCode_GetCellvars(co) : NULL);
    show("PyCode_GetFreevars", co ? PyCode_GetFreevars(co) : NULL);
    PyCodeObject *empty_co = PyCode_NewEmpty("e.py", "empty", 3);
    show("PyCode_GetVarnames(empty)", empty_co ? PyCode_GetVarnames(empty_co) : NULL);
    show("PyCode_GetFreevars(empty)", empty_co ? PyCode_GetFreevars(empty_co) : NULL);
    show("PyCode_GetCode type", co ? PyObject_Type(PyCode_GetCode(co)) : NULL);
    Py_XDECREF(co);
    Py_XDECREF(empty_co);
    Py_DECREF(varnames);
    Py_DECREF(cellvars);
    Py_DECREF(freevars);
    Py_DECREF(empty);
    Py_DECREF(code);
    Py_DECREF(file);
    Py_DECREF(fname);

    /* type.__module__ and type.__doc__. */
    PyObject *cls = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "K", &PyBaseObject_Type);
    show("K.__module__ = 'mod'", cls && PyObject_SetAttrString(cls, "__module__", PyUnicode_FromString("mod")) == 0
                                     ? PyObject_GetAttrString(cls, "__module__") : NULL);
    show("K.__doc__ = 'doc'", cls && PyObject_SetAttrString(cls, "__doc__", PyUnicode_FromString("doc")) == 0
                                  ? PyObject_GetAttrString(cls, "__doc__") : NULL);
    show("repr(K)", cls ? PyObject_Repr(cls) : NULL);
    show("del K.__module__", cls && PyObject_DelAttrString(cls, "__module__") == 0 ? Py_NewRef(Py_None) : NULL);
    show("int.__module__ = 'x'",
         PyObject_SetAttrString((PyObject *)&PyLong_Type, "__module__", PyUnicode_FromString("x")) == 0
             ? Py_NewRef(Py_None) : NULL);
    show("int.__doc__ = 'x'",
         PyObject_SetAttrString((PyObject *)&PyLong_Type, "__doc__", PyUnicode_FromString("x")) == 0
             ? Py_NewRef(Py_None) : NULL);
    Py_XDECREF(cls);
    return 0;
}
