/* fastrlock 0.8.4's `fastrlock.rlock`: a Cython 3.3.0 module (the .c the
 * sdist ships) with one `cdef class`, FastRLock, whose type is made from a
 * spec at module exec with Cython's pickling setup (`__reduce_cython__`
 * over object.__reduce_ex__ lookups), a `__cinit__` that allocates a
 * PyThread lock, and a `__dealloc__` behind Cython's tp_dealloc, which
 * checks tp_finalize / PyObject_GC_IsFinalized; `def` methods with
 * fastcall keyword parsing (`acquire(blocking=True)`), bint conversions,
 * RuntimeError raised from Cython code, the context-manager protocol, and
 * a module-level `create_fastrlock` C function exported through a capsule
 * in `__pyx_capi__`.
 *
 * Vectors: tests/test_rlock.py of the sdist (re-entrant acquire and
 * release, non-blocking acquire, release of an un-acquired lock, `with`),
 * single-threaded; results compared line by line with CPython's.
 */
#include "corpus.h"

static void run(PyObject *module, const char *sdist)
{
    (void)sdist;
    PyObject *cls = attr(module, "FastRLock");
    PyObject *lock = keep(call(cls, NULL, "()"), "FastRLock()");
    if (lock == NULL)
        return;
    record(call_attr(lock, "_is_owned", NULL, "()"), "fresh lock: _is_owned()");
    record(call_attr(lock, "acquire", NULL, "()"), "acquire()");
    record(call_attr(lock, "acquire", NULL, "()"), "acquire() again (re-entrant)");
    record(call_attr(lock, "acquire", kw_dict("{s:O}", "blocking", Py_False), "()"),
           "acquire(blocking=False) while owned");
    record(call_attr(lock, "acquire", NULL, "(i)", 0), "acquire(0) while owned");
    record(call_attr(lock, "_is_owned", NULL, "()"), "_is_owned() when held 4 times");
    for (int i = 0; i < 4; i++)
        record(call_attr(lock, "release", NULL, "()"), "release()");
    record(call_attr(lock, "_is_owned", NULL, "()"), "_is_owned() after 4 releases");
    expect_error(call_attr(lock, "release", NULL, "()"), PyExc_RuntimeError, "cannot release un-acquired lock",
                 "release() of an un-acquired lock");
    record(call_attr(lock, "acquire", kw_dict("{s:i}", "nonsense", 1), "()"), "acquire(nonsense=1)");
    record(call_attr(lock, "acquire", NULL, "(ii)", 1, 2), "acquire(1, 2)");
    record(call_attr(lock, "__enter__", NULL, "()"), "__enter__()");
    record(call_attr(lock, "_is_owned", NULL, "()"), "_is_owned() inside with");
    record(call_attr(lock, "__exit__", NULL, "(OOO)", Py_None, Py_None, Py_None), "__exit__(None, None, None)");
    record(call_attr(lock, "__exit__", NULL, "(OOO)", Py_None, Py_None, Py_None), "__exit__ without __enter__");
    /* Cython's pickling setup replaced __reduce__ with its own (and
       removed __reduce_cython__), which refuses a struct field. */
    record(call_attr(lock, "__reduce__", NULL, "()"), "__reduce__() (not picklable)");
    record(call_attr(lock, "__reduce_ex__", NULL, "(i)", 2), "__reduce_ex__(2)");
    /* Many locks made and dropped: __cinit__ and __dealloc__ in turn. */
    int made = 0;
    for (int i = 0; i < 1000; i++) {
        PyObject *l = PyObject_CallNoArgs(cls);
        if (l == NULL)
            break;
        PyObject *r = PyObject_CallMethod(l, "acquire", NULL);
        Py_XDECREF(r);
        Py_DECREF(l);
        made++;
    }
    expect_true(made == 1000 && !PyErr_Occurred(), "1000 locks made, acquired and dropped");
    PyErr_Clear();
    Py_DECREF(lock);
    record_value(PyObject_HasAttrString(module, "__pyx_capi__") ? Py_True : Py_False, "module has __pyx_capi__");
}

/* As CORPUS_MAIN, with the `fastrlock` package in sys.modules first, as
   its __init__.py makes it (Python code, which neither host runs here):
   `__version__` and the exception class `LockNotAcquired(Exception)`,
   which the module's exec imports from it. */
int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s EXTENSION.so SDIST_DIR\n", argv[0]);
        return 2;
    }
    Py_Initialize();
    PyObject *package = PyImport_AddModule("fastrlock");
    PyObject *exc = PyErr_NewException("fastrlock.LockNotAcquired", NULL, NULL);
    if (package == NULL || exc == NULL || PyModule_AddObject(package, "LockNotAcquired", exc) < 0
        || PyModule_AddStringConstant(package, "__version__", "0.8.4") < 0)
        bail("making the fastrlock package failed");
    PyObject *module = load_module(argv[1], "rlock");
    run(module, argv[2]);
    return tap_done();
}
