/* Differential cases for the C API around interrupts, file descriptors and
 * callables' names: PyErr_SetInterrupt(Ex), PyErr_CheckSignals,
 * PyOS_InterruptOccurred and Py_MakePendingCalls after a simulated SIGINT
 * (on the main thread and on another), PyObject_AsFileDescriptor over
 * ints and fileno() methods, and PyEval_GetFuncName / PyEval_GetFuncDesc.
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
#include <signal.h>
#include <stdio.h>

#include "case.h"

/* An int result, or the error when it is -1 with one set. */
static PyObject *rc(int r)
{
    if (r == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(r);
}

static PyObject *text(const char *s)
{
    return s ? PyUnicode_FromString(s) : NULL;
}

/* ---- a type whose fileno() returns (or raises) what it holds --------- */

typedef struct {
    PyObject_HEAD
    PyObject *answer; /* NULL: fileno() raises OSError */
} Holder;

static PyObject *holder_fileno(PyObject *self, PyObject *unused)
{
    (void)unused;
    Holder *h = (Holder *)self;
    if (h->answer == NULL) {
        PyErr_SetString(PyExc_OSError, "no descriptor here");
        return NULL;
    }
    return Py_NewRef(h->answer);
}

static void holder_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    Py_XDECREF(((Holder *)self)->answer);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyMethodDef holder_methods[] = {{"fileno", holder_fileno, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static PyType_Slot holder_slots[] = {
    {Py_tp_methods, holder_methods}, {Py_tp_dealloc, (void *)holder_dealloc}, {0, NULL}};
static PyType_Spec holder_spec = {"intrcheck.Holder", sizeof(Holder), 0, Py_TPFLAGS_DEFAULT, holder_slots};

/* A type whose attribute lookup fails with RuntimeError. */
static PyObject *broken_getattro(PyObject *self, PyObject *name)
{
    (void)self;
    PyErr_Format(PyExc_RuntimeError, "no attribute %U today", name);
    return NULL;
}
static PyType_Slot broken_slots[] = {{Py_tp_getattro, (void *)broken_getattro}, {0, NULL}};
static PyType_Spec broken_spec = {"intrcheck.Broken", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, broken_slots};

static PyObject *holding(PyObject *type, PyObject *answer)
{
    PyObject *o = PyType_GenericAlloc((PyTypeObject *)type, 0);
    if (o)
        ((Holder *)o)->answer = answer;
    else
        Py_XDECREF(answer);
    return o;
}

static void fd_case(const char *what, PyObject *o)
{
    show(what, o ? rc(PyObject_AsFileDescriptor(o)) : NULL);
    Py_XDECREF(o);
}

/* ---- another thread ----------------------------------------------------- */

static int thread_check, thread_occurred;

static void *from_thread(void *unused)
{
    (void)unused;
    PyGILState_STATE g = PyGILState_Ensure();
    PyErr_SetInterrupt();
    thread_check = PyErr_CheckSignals();
    thread_occurred = PyOS_InterruptOccurred();
    PyGILState_Release(g);
    return NULL;
}

static int pending_runs;

static int count_call(void *unused)
{
    (void)unused;
    pending_runs++;
    return 0;
}

int main(void)
{
    Py_Initialize();

    /* Interrupts. */
    show("PyErr_CheckSignals() with nothing pending", rc(PyErr_CheckSignals()));
    int bad[] = {0, -1, 65, 1000, -2147483647 - 1};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "PyErr_SetInterruptEx(%d)", bad[i]);
        show(what, rc(PyErr_SetInterruptEx(bad[i])));
        show("PyErr_Occurred() after it", PyBool_FromLong(PyErr_Occurred() != NULL));
    }
    int others[] = {SIGTERM, SIGHUP, SIGUSR1, SIGPIPE, SIGCHLD, 64};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "PyErr_SetInterruptEx(%d)", others[i]);
        show(what, rc(PyErr_SetInterruptEx(others[i])));
    }
    show("PyErr_CheckSignals() after other signals", rc(PyErr_CheckSignals()));
    show("PyOS_InterruptOccurred() after other signals", rc(PyOS_InterruptOccurred()));
    PyErr_SetInterrupt();
    show("PyErr_SetInterrupt(); PyErr_CheckSignals()", rc(PyErr_CheckSignals()));
    show("PyErr_CheckSignals() again", rc(PyErr_CheckSignals()));
    {
        /* Nothing between these calls may run repr() or str(), which check
           for signals first (the cases print afterwards). */
        int set = PyErr_SetInterruptEx(SIGINT);
        int first = PyOS_InterruptOccurred();
        int second = PyOS_InterruptOccurred();
        int check = PyErr_CheckSignals();
        show("PyErr_SetInterruptEx(SIGINT)", PyLong_FromLong(set));
        show("PyOS_InterruptOccurred()", PyLong_FromLong(first));
        show("PyOS_InterruptOccurred() again", PyLong_FromLong(second));
        show("PyErr_CheckSignals() after it was consumed", PyLong_FromLong(check));
    }
    {
        PyObject *five = PyLong_FromLong(5), *s = PyUnicode_FromString("s");
        PyErr_SetInterrupt();
        show("interrupt, then repr(5)", PyObject_Repr(five));
        show("repr(5) again", PyObject_Repr(five));
        PyErr_SetInterrupt();
        show("interrupt, then str(5)", PyObject_Str(five));
        PyErr_SetInterrupt();
        show("interrupt, then str('s')", PyObject_Str(s));
        PyErr_SetInterrupt();
        show("interrupt, then repr(NULL)", PyObject_Repr(NULL));
        PyErr_SetInterrupt();
        show("interrupt, then ascii('s')", PyObject_ASCII(s));
        Py_DECREF(five);
        Py_DECREF(s);
    }
    PyErr_SetInterrupt();
    PyErr_SetInterrupt();
    show("two interrupts: PyErr_CheckSignals()", rc(PyErr_CheckSignals()));
    show("two interrupts: PyErr_CheckSignals() again", rc(PyErr_CheckSignals()));
    show("Py_AddPendingCall", rc(Py_AddPendingCall(count_call, NULL)));
    PyErr_SetInterrupt();
    show("interrupt, then Py_MakePendingCalls()", rc(Py_MakePendingCalls()));
    show("the pending call ran", PyLong_FromLong(pending_runs));
    show("Py_MakePendingCalls() again", rc(Py_MakePendingCalls()));
    show("the pending call ran", PyLong_FromLong(pending_runs));
    {
        pthread_t t;
        Py_BEGIN_ALLOW_THREADS
        pthread_create(&t, NULL, from_thread, NULL);
        pthread_join(t, NULL);
        Py_END_ALLOW_THREADS
        int check = PyErr_CheckSignals();
        int raised = check == -1 && PyErr_ExceptionMatches(PyExc_KeyboardInterrupt);
        PyErr_Clear();
        show("another thread: PyErr_CheckSignals()", PyLong_FromLong(thread_check));
        show("another thread: PyOS_InterruptOccurred()", PyLong_FromLong(thread_occurred));
        show("then the main thread: PyErr_CheckSignals()", PyLong_FromLong(check));
        show("... raising KeyboardInterrupt", PyBool_FromLong(raised));
    }

    /* PyObject_AsFileDescriptor. */
    PyObject *Holder_Type = PyType_FromSpec(&holder_spec);
    PyObject *Broken_Type = PyType_FromSpec(&broken_spec);
    fd_case("fd(0)", PyLong_FromLong(0));
    fd_case("fd(7)", PyLong_FromLong(7));
    fd_case("fd(True)", Py_NewRef(Py_True));
    fd_case("fd(-1)", PyLong_FromLong(-1));
    fd_case("fd(-5)", PyLong_FromLong(-5));
    fd_case("fd(2**31 - 1)", PyLong_FromLong(2147483647L));
    fd_case("fd(2**31)", PyLong_FromLongLong(2147483648LL));
    fd_case("fd(-2**31 - 1)", PyLong_FromLongLong(-2147483649LL));
    fd_case("fd(2**100)", PyLong_FromString("1267650600228229401496703205376", NULL, 10));
    fd_case("fd(None)", Py_NewRef(Py_None));
    fd_case("fd('3')", PyUnicode_FromString("3"));
    fd_case("fd(3.0)", PyFloat_FromDouble(3.0));
    fd_case("fd(b'')", PyBytes_FromString(""));
    fd_case("fd(Holder(4))", holding(Holder_Type, PyLong_FromLong(4)));
    fd_case("fd(Holder(False))", holding(Holder_Type, Py_NewRef(Py_False)));
    fd_case("fd(Holder(-3))", holding(Holder_Type, PyLong_FromLong(-3)));
    fd_case("fd(Holder(2**40))", holding(Holder_Type, PyLong_FromLongLong(1LL << 40)));
    fd_case("fd(Holder('4'))", holding(Holder_Type, PyUnicode_FromString("4")));
    fd_case("fd(Holder(4.0))", holding(Holder_Type, PyFloat_FromDouble(4.0)));
    fd_case("fd(Holder(None))", holding(Holder_Type, Py_NewRef(Py_None)));
    fd_case("fd(Holder raising OSError)", holding(Holder_Type, NULL));
    fd_case("fd(Broken())", Broken_Type ? PyType_GenericAlloc((PyTypeObject *)Broken_Type, 0) : NULL);
    fd_case("fd(Holder type)", Py_XNewRef(Holder_Type));

    /* PyEval_GetFuncName / PyEval_GetFuncDesc. */
    {
        PyObject *builtins = PyEval_GetBuiltins();
        PyObject *len = PyDict_GetItemString(builtins, "len");
        PyObject *list = PyList_New(0);
        PyObject *append = PyObject_GetAttrString(list, "append");
        PyObject *join = PyObject_GetAttrString((PyObject *)&PyUnicode_Type, "join");
        PyObject *fromkeys = PyObject_GetAttrString((PyObject *)&PyDict_Type, "fromkeys");
        PyObject *bound = PyMethod_New(len, list);
        PyObject *bound2 = PyMethod_New(bound, list);
        PyObject *five = PyLong_FromLong(5);
        PyObject *holder = holding(Holder_Type, NULL);
        PyObject *hmeth = PyObject_GetAttrString(holder, "fileno");
        PyObject *objs[] = {len, append, join, fromkeys, bound, bound2, five, Py_None, (PyObject *)&PyLong_Type,
                            Holder_Type, holder, hmeth, list};
        const char *names[] = {"len", "[].append", "str.join", "dict.fromkeys", "PyMethod_New(len, [])",
                               "PyMethod_New(PyMethod_New(len, []), [])", "5", "None", "int", "Holder",
                               "Holder()", "Holder().fileno", "[]"};
        for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
            char what[120];
            snprintf(what, sizeof what, "PyEval_GetFuncName(%s)", names[i]);
            show(what, objs[i] ? text(PyEval_GetFuncName(objs[i])) : NULL);
            snprintf(what, sizeof what, "PyEval_GetFuncDesc(%s)", names[i]);
            show(what, objs[i] ? text(PyEval_GetFuncDesc(objs[i])) : NULL);
        }
        Py_XDECREF(hmeth);
        Py_XDECREF(holder);
        Py_XDECREF(five);
        Py_XDECREF(bound2);
        Py_XDECREF(bound);
        Py_XDECREF(fromkeys);
        Py_XDECREF(join);
        Py_XDECREF(append);
        Py_XDECREF(list);
    }
    Py_XDECREF(Broken_Type);
    Py_XDECREF(Holder_Type);
    return 0;
}
