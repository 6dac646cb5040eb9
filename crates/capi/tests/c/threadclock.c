/* time.pthread_getcpuclockid is stricter than CPython's, which hands any
 * id to glibc (a made-up or stale pthread_t is read through, and the
 * process crashes): here a thread id no thread state knows is
 * OSError(ESRCH), and the ids it knows give the clock glibc would give,
 * built without touching the pthread_t. Not comparable with CPython (it
 * crashes on the ids that matter), so this is a plain test. */
#define _GNU_SOURCE
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include "check.h"

static PyObject *getcpuclockid;

/* time.pthread_getcpuclockid(id) as a C clockid, or -1 with the error. */
static long clock_of(unsigned long id)
{
    PyObject *r = PyObject_CallFunction(getcpuclockid, "k", id);
    long v = r ? PyLong_AsLong(r) : -1;
    Py_XDECREF(r);
    return v;
}

static int raised_esrch(void)
{
    PyObject *t, *v, *tb;
    PyErr_Fetch(&t, &v, &tb);
    PyErr_NormalizeException(&t, &v, &tb);
    int ok = t == PyExc_ProcessLookupError || t == PyExc_OSError;
    if (ok) {
        PyObject *e = PyObject_GetAttrString(v, "errno");
        ok = e != NULL && PyLong_AsLong(e) == ESRCH;
        Py_XDECREF(e);
    }
    Py_XDECREF(t);
    Py_XDECREF(v);
    Py_XDECREF(tb);
    PyErr_Clear();
    return ok;
}

/* A thread that makes a thread state, reports its clock as glibc gives
   it, and waits to be let go with the GIL released but its state kept (as
   a Python thread blocked in C is). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int stage;
static clockid_t worker_clock;
static unsigned long worker_ident;

static void *worker(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure();
    worker_ident = PyThread_get_thread_ident();
    pthread_getcpuclockid(pthread_self(), &worker_clock);
    PyThreadState *saved = PyEval_SaveThread();
    pthread_mutex_lock(&lock);
    stage = 1;
    pthread_cond_broadcast(&cond);
    while (stage != 2)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    PyEval_RestoreThread(saved);
    PyGILState_Release(g);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    PyObject *time = PyImport_ImportModule("time");
    getcpuclockid = time ? PyObject_GetAttrString(time, "pthread_getcpuclockid") : NULL;
    CHECK(getcpuclockid != NULL, "time.pthread_getcpuclockid exists");
    if (getcpuclockid == NULL)
        return CHECK_DONE();

    clockid_t own;
    pthread_getcpuclockid(pthread_self(), &own);
    CHECK(clock_of(PyThread_get_thread_ident()) == (long)own, "this thread's clock is glibc's");

    /* Ids glibc would read through: garbage, a pointer to nothing mapped, 0. */
    unsigned long bogus[] = {1, 0xdeadbeefUL, (unsigned long)-1, 0, (unsigned long)&own};
    for (size_t i = 0; i < sizeof bogus / sizeof bogus[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "made-up id %#lx: OSError(ESRCH), no crash", bogus[i]);
        CHECK(clock_of(bogus[i]) == -1 && raised_esrch(), what);
    }

    /* Another thread with a thread state. */
    pthread_t t;
    Py_BEGIN_ALLOW_THREADS
    pthread_create(&t, NULL, worker, NULL);
    pthread_mutex_lock(&lock);
    while (stage != 1)
        pthread_cond_wait(&cond, &lock);
    pthread_mutex_unlock(&lock);
    Py_END_ALLOW_THREADS
    CHECK(clock_of(worker_ident) == (long)worker_clock, "another thread's clock is glibc's");
    struct timespec ts;
    CHECK(clock_gettime((clockid_t)clock_of(worker_ident), &ts) == 0, "and it reads");
    Py_BEGIN_ALLOW_THREADS
    pthread_mutex_lock(&lock);
    stage = 2;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    /* The thread has exited: its id is stale. Whatever the answer, asking
       reads nothing through it, and a clock left over does not read. */
    long stale = clock_of(worker_ident);
    if (stale == -1) {
        CHECK(raised_esrch(), "an exited thread's id: OSError(ESRCH)");
    } else {
        CHECK(clock_gettime((clockid_t)stale, &ts) == -1 && errno == EINVAL,
              "an exited thread's clock does not read (EINVAL)");
    }
    Py_DECREF(getcpuclockid);
    Py_DECREF(time);
    return CHECK_DONE();
}
