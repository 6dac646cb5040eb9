/* Differential cases for the finalizer C API (Objects/object.c,
 * Modules/gcmodule.c): PyObject_CallFinalizer, PyObject_CallFinalizer-
 * FromDealloc and PyObject_GC_IsFinalized, as Cython's tp_dealloc uses
 * them: tp_finalize run once per GC object (a second call does nothing,
 * the mark survives a resurrection, so the object's next death skips the
 * finalizer), run every time for a type without GC, resurrection reported
 * as -1 with the object left alive, and the ordinary path (0) freeing it.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case, and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>

static int case_no;

/* What the finalizers and deallocs did, in order. */
static char events[512];

static void note(const char *what, PyObject *self)
{
    char line[64];
    snprintf(line, sizeof line, "%s(rc=%zd) ", what, Py_REFCNT(self));
    strncat(events, line, sizeof events - strlen(events) - 1);
}

/* Where a finalizer that resurrects keeps its object. */
static PyObject *keeper;
static int resurrect;

static void fin(PyObject *self)
{
    note("finalize", self);
    if (resurrect) {
        resurrect = 0;
        Py_INCREF(self);
        keeper = self;
    }
}

static void dealloc_gc(PyObject *self)
{
    note("dealloc", self);
    int rc = PyObject_CallFinalizerFromDealloc(self);
    char line[48];
    snprintf(line, sizeof line, "fromdealloc=%d ", rc);
    strncat(events, line, sizeof events - strlen(events) - 1);
    if (rc < 0)
        return;
    PyObject_GC_UnTrack(self);
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static int traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static void dealloc_plain(PyObject *self)
{
    note("dealloc", self);
    if (PyObject_CallFinalizerFromDealloc(self) < 0) {
        strncat(events, "resurrected ", sizeof events - strlen(events) - 1);
        return;
    }
    PyTypeObject *tp = Py_TYPE(self);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyType_Slot gc_slots[] = {
    {Py_tp_finalize, fin},
    {Py_tp_dealloc, dealloc_gc},
    {Py_tp_traverse, traverse},
    {0, NULL},
};
static PyType_Spec gc_spec = {"finalizer.GcFin", sizeof(PyObject), 0,
                              Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, gc_slots};

static PyType_Slot plain_slots[] = {
    {Py_tp_finalize, fin},
    {Py_tp_dealloc, dealloc_plain},
    {0, NULL},
};
static PyType_Spec plain_spec = {"finalizer.PlainFin", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, plain_slots};

static PyType_Slot nofin_slots[] = {
    {Py_tp_dealloc, dealloc_plain},
    {0, NULL},
};
static PyType_Spec nofin_spec = {"finalizer.NoFin", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, nofin_slots};

/* One case: the events so far and an integer result. */
static void report(const char *what, long value)
{
    printf("%d\t%s\t%ld | %s\n", ++case_no, what, value, events);
    events[0] = '\0';
}

/* A new instance (a GC one is tracked by PyType_GenericAlloc). */
static PyObject *make(PyObject *type)
{
    return PyObject_CallNoArgs(type);
}

int main(void)
{
    Py_Initialize();
    PyObject *gc_type = PyType_FromSpec(&gc_spec);
    PyObject *plain_type = PyType_FromSpec(&plain_spec);
    PyObject *nofin_type = PyType_FromSpec(&nofin_spec);
    if (gc_type == NULL || plain_type == NULL || nofin_type == NULL) {
        PyErr_Print();
        return 1;
    }

    /* A GC object: the finalizer runs once, however often it is asked. */
    PyObject *o = make(gc_type);
    report("GC object: PyObject_GC_IsFinalized when new", PyObject_GC_IsFinalized(o));
    PyObject_CallFinalizer(o);
    report("GC object: PyObject_CallFinalizer", PyObject_GC_IsFinalized(o));
    PyObject_CallFinalizer(o);
    report("GC object: PyObject_CallFinalizer again (no second run)", PyObject_GC_IsFinalized(o));
    Py_DECREF(o);
    report("GC object: its death after finalizing (dealloc skips the finalizer)", 0);

    /* Death with the finalizer run from dealloc. */
    o = make(gc_type);
    Py_DECREF(o);
    report("GC object: death runs the finalizer from dealloc", 0);

    /* Resurrection: -1, the object alive and finalized; its next death
       does not finalize again. */
    o = make(gc_type);
    resurrect = 1;
    Py_DECREF(o);
    report("GC object: a finalizer that resurrects", keeper == o);
    report("GC object: resurrected refcount", (long)Py_REFCNT(keeper));
    report("GC object: resurrected IsFinalized", PyObject_GC_IsFinalized(keeper));
    o = keeper;
    keeper = NULL;
    Py_DECREF(o);
    report("GC object: the resurrected object's second death", 0);

    /* Without GC the finalizer runs every time, and IsFinalized is 0. */
    o = make(plain_type);
    PyObject_CallFinalizer(o);
    PyObject_CallFinalizer(o);
    report("non-GC object: PyObject_CallFinalizer twice runs it twice", PyObject_GC_IsFinalized(o));
    resurrect = 1;
    Py_DECREF(o);
    report("non-GC object: a finalizer that resurrects", keeper == o);
    o = keeper;
    keeper = NULL;
    Py_DECREF(o);
    report("non-GC object: its second death finalizes again", 0);

    /* No tp_finalize: nothing runs, FromDealloc returns 0. */
    o = make(nofin_type);
    PyObject_CallFinalizer(o);
    report("no tp_finalize: PyObject_CallFinalizer", PyObject_GC_IsFinalized(o));
    Py_DECREF(o);
    report("no tp_finalize: death", 0);

    /* Non-GC objects of the interpreter's own types. */
    PyObject *n = PyLong_FromLong(123456);
    report("int: PyObject_GC_IsFinalized", PyObject_GC_IsFinalized(n));
    Py_DECREF(n);
    PyObject *l = PyList_New(0);
    PyObject_CallFinalizer(l);
    report("list (no tp_finalize): IsFinalized after PyObject_CallFinalizer", PyObject_GC_IsFinalized(l));
    Py_DECREF(l);

    /* Many GC objects made and dropped: marks do not leak onto new
       objects at reused addresses. */
    long fins = 0;
    for (int i = 0; i < 200; i++) {
        o = make(gc_type);
        fins += PyObject_GC_IsFinalized(o);
        Py_DECREF(o);
        events[0] = '\0';
    }
    report("200 new GC objects: none finalized when new", fins);

    Py_DECREF(gc_type);
    Py_DECREF(plain_type);
    Py_DECREF(nofin_type);
    return 0;
}
