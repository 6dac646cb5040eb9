/* persistent 6.9's cPersistence: ZODB's Persistent base type (a static
 * type with getset _p_ attributes, a ring of cached objects, pickling
 * through copyreg's __newobj__ and _slotnames) and the C API capsule
 * `persistent.cPersistence.CAPI` that BTrees imports (the BTrees-OO
 * member loads this build for that).
 *
 * Vectors: persistent/tests/test_persistence.py on an object with no jar
 * (_p_oid / _p_jar / _p_serial / _p_mtime unset, _p_changed False,
 * _p_status 'saved' or 'unsaved', __getstate__ of the instance dict,
 * __setstate__, __reduce__ as (copyreg.__newobj__, (cls,), state),
 * _p_activate / _p_deactivate / _p_invalidate without a jar, _p_getattr,
 * _p_setattr, _p_delattr, the _p_serial / _p_oid setters' checks).
 * Values its tests pin are checked; the rest is recorded.
 */
#include "corpus.h"

/* Records a result without comparing reference counts. */
static void record_direct(PyObject *r, const char *what)
{
    print_record(r, what);
    tap(1, what);
    Py_XDECREF(r);
}

static void show_attr(PyObject *obj, const char *name)
{
    char what[128];
    snprintf(what, sizeof what, "p.%s", name);
    PyObject *v = PyObject_GetAttrString(obj, name);
    print_record(v, what);
    tap(1, what);
    Py_XDECREF(v);
}

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *Persistent = attr(module, "Persistent");
    PyObject *capi = attr(module, "CAPI");
    expect_true(PyCapsule_IsValid(capi, "persistent.cPersistence.CAPI"), "CAPI is the named capsule");
    Py_DECREF(capi);
    const char *constants[] = {"GHOST", "UPTODATE", "CHANGED", "STICKY"};
    for (int i = 0; i < 4; i++) {
        PyObject *c = attr(module, constants[i]);
        record_value(c, constants[i]);
        Py_DECREF(c);
    }

    PyObject *P = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){}", "P", Persistent);
    if (P == NULL)
        bail("class P(Persistent) failed");
    PyObject *p = keep(call(P, NULL, "()"), "P()");
    const char *attrs[] = {"_p_oid", "_p_jar", "_p_serial", "_p_mtime", "_p_changed", "_p_state",
                           "_p_status", "_p_estimated_size", "_p_sticky"};
    for (size_t i = 0; i < sizeof attrs / sizeof *attrs; i++)
        show_attr(p, attrs[i]);
    record(call_attr(p, "__getstate__", NULL, "()"), "P().__getstate__()");

    /* State: the instance dict, without _p_ and _v_ names. */
    PyObject *one = PyLong_FromLong(1);
    PyObject_SetAttrString(p, "x", one);
    PyObject_SetAttrString(p, "_v_volatile", one);
    PyObject_SetAttrString(p, "_p_private", one);
    Py_DECREF(one);
    record(call_attr(p, "__getstate__", NULL, "()"), "p.__getstate__() after p.x = 1, _v_ and _p_ names");
    PyObject *state = Py_BuildValue("{s:i,s:s}", "y", 2, "z", "zed");
    expect_is(call_attr(p, "__setstate__", NULL, "(O)", state), Py_None, "p.__setstate__({'y': 2, 'z': 'zed'})");
    Py_DECREF(state);
    record(call_attr(p, "__getstate__", NULL, "()"), "p.__getstate__() after __setstate__");
    record(call_attr(p, "__setstate__", NULL, "(i)", 5), "p.__setstate__(5)");
    record(call_attr(p, "__setstate__", NULL, "(O)", Py_None), "p.__setstate__(None)");
    PyObject *r = call_attr(p, "__reduce__", NULL, "()");
    if (r && PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 3) {
        PyObject *rest = PyTuple_GetSlice(r, 1, 3);
        record_value(rest, "p.__reduce__()[1:]");
        Py_XDECREF(rest);
    }
    PyObject *copyreg = PyImport_ImportModule("copyreg");
    PyObject *newobj = copyreg ? PyObject_GetAttrString(copyreg, "__newobj__") : NULL;
    int ok = r && PyTuple_Check(r) && PyTuple_GET_SIZE(r) == 3 && PyTuple_GET_ITEM(r, 0) == newobj;
    tap(settle(0) && ok, "p.__reduce__()[0] is copyreg.__newobj__");
    Py_XDECREF(newobj);
    Py_XDECREF(copyreg);

    /* Activation without a jar does nothing. */
    expect_is(call_attr(p, "_p_activate", NULL, "()"), Py_None, "p._p_activate()");
    expect_is(call_attr(p, "_p_deactivate", NULL, "()"), Py_None, "p._p_deactivate()");
    show_attr(p, "_p_changed");
    PyObject_SetAttrString(p, "_p_changed", Py_True);
    show_attr(p, "_p_changed");
    show_attr(p, "_p_state");
    expect_is(call_attr(p, "_p_invalidate", NULL, "()"), Py_None, "p._p_invalidate()");
    show_attr(p, "_p_changed");
    show_attr(p, "_p_status");

    /* _p_getattr / _p_setattr / _p_delattr: True for the _p_ names. */
    record(call_attr(p, "_p_getattr", NULL, "(s)", "_p_oid"), "p._p_getattr('_p_oid')");
    record(call_attr(p, "_p_getattr", NULL, "(s)", "y"), "p._p_getattr('y')");
    record(call_attr(p, "_p_getattr", NULL, "(i)", 3), "p._p_getattr(3)");
    /* _p_setattr keeps the value (and a new name): no counts compared. */
    record_direct(PyObject_CallMethod(p, "_p_setattr", "si", "_p_oid", 1), "p._p_setattr('_p_oid', 1)");
    record_direct(PyObject_CallMethod(p, "_p_setattr", "si", "w", 1), "p._p_setattr('w', 1)");
    record_direct(PyObject_CallMethod(p, "_p_delattr", "s", "_p_oid"), "p._p_delattr('_p_oid')");
    record(call_attr(p, "_p_delattr", NULL, "(s)", "w"), "p._p_delattr('w')");

    /* The setters' checks. */
    PyObject *serial = PyBytes_FromStringAndSize("\0\0\0\0\0\0\0\1", 8);
    record_value(PyObject_SetAttrString(p, "_p_serial", serial) < 0 ? NULL : Py_True, "p._p_serial = 8 bytes");
    Py_DECREF(serial);
    PyObject *s = PyObject_GetAttrString(p, "_p_serial");
    print_record(s, "p._p_serial after setting it");
    tap(1, "p._p_serial after setting it");
    Py_XDECREF(s);
    PyObject *bad = PyBytes_FromString("short");
    record_value(PyObject_SetAttrString(p, "_p_serial", bad) < 0 ? NULL : Py_True, "p._p_serial = b'short'");
    Py_DECREF(bad);
    record_value(PyObject_SetAttrString(p, "_p_serial", Py_None) < 0 ? NULL : Py_True, "p._p_serial = None");
    PyObject *oid = PyBytes_FromString("OID");
    record_value(PyObject_SetAttrString(p, "_p_oid", oid) < 0 ? NULL : Py_True, "p._p_oid = b'OID'");
    Py_DECREF(oid);
    show_attr(p, "_p_oid");
    record_value(PyObject_SetAttrString(p, "_p_jar", Py_None) < 0 ? NULL : Py_True, "p._p_jar = None");
    record_value(PyObject_SetAttrString(p, "_p_sticky", Py_True) < 0 ? NULL : Py_True,
                 "p._p_sticky = True (no jar)");
    record_value(PyObject_SetAttrString(p, "_p_mtime", Py_None) < 0 ? NULL : Py_True, "p._p_mtime = None");
    record_value(PyObject_SetAttrString(p, "_p_estimated_size", PyLong_FromLong(1000)) < 0 ? NULL : Py_True,
                 "p._p_estimated_size = 1000");
    show_attr(p, "_p_estimated_size");
    Py_DECREF(p);
    Py_DECREF(P);
    Py_DECREF(Persistent);
}

CORPUS_MAIN("cPersistence", run)
