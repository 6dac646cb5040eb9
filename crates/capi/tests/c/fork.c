/* PyOS_getsig / PyOS_setsig (sigaction with SA_ONSTACK, SIG_ERR for bad
 * signals) and fork(): PyOS_BeforeFork, then PyOS_AfterFork_Parent in the
 * parent and PyOS_AfterFork_Child in the child, which then uses the C API:
 * objects, releasing and retaking the GIL, new threads with
 * PyGILState_Ensure, Py_Finalize. Also when, at the fork, another thread
 * had released the GIL with its own thread state and a third was waiting
 * for the GIL (neither exists in the child, which must neither wait for
 * them nor hand them the GIL); when the forking thread is not the one that
 * called Py_Initialize; with the legacy PyOS_AfterFork and no
 * PyOS_BeforeFork; and with nested PyOS_BeforeFork calls. A child reports
 * through its exit status (a bit per failed check); the parent checks it.
 * CPython's behaviour here depends on the interpreter's threads, so this is
 * a plain test. */
#define _GNU_SOURCE
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* ---- signals ---------------------------------------------------------- */

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
    (void)sig;
    got_usr1++;
}

static void signals(void)
{
    PyOS_sighandler_t h = PyOS_getsig(SIGUSR1);
    CHECK(h == SIG_DFL, "PyOS_getsig(SIGUSR1) is SIG_DFL at first");
    CHECK(PyOS_setsig(SIGUSR1, on_usr1) == SIG_DFL, "PyOS_setsig returns the previous handler");
    CHECK(PyOS_getsig(SIGUSR1) == on_usr1, "PyOS_getsig gives the installed handler");
    raise(SIGUSR1);
    CHECK(got_usr1 == 1, "the installed handler runs");
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    CHECK((sa.sa_flags & SA_ONSTACK) != 0 && (sa.sa_flags & SA_SIGINFO) == 0,
          "PyOS_setsig installs with SA_ONSTACK, as CPython");
    CHECK(PyOS_setsig(SIGUSR1, SIG_IGN) == on_usr1, "PyOS_setsig(SIG_IGN) returns the handler");
    raise(SIGUSR1);
    CHECK(got_usr1 == 1, "an ignored signal does nothing");
    CHECK(PyOS_setsig(SIGUSR1, SIG_DFL) == SIG_IGN, "PyOS_setsig(SIG_DFL) returns SIG_IGN");
    errno = 0;
    CHECK(PyOS_getsig(0) == SIG_ERR && errno == EINVAL, "PyOS_getsig(0) is SIG_ERR (EINVAL)");
    errno = 0;
    CHECK(PyOS_getsig(100000) == SIG_ERR && errno == EINVAL, "PyOS_getsig(100000) is SIG_ERR (EINVAL)");
    errno = 0;
    CHECK(PyOS_setsig(SIGKILL, on_usr1) == SIG_ERR && errno == EINVAL,
          "PyOS_setsig(SIGKILL) is SIG_ERR (EINVAL)");
    CHECK(PyOS_getsig(SIGKILL) == SIG_DFL, "SIGKILL keeps its default");
}

/* ---- what a child checks ------------------------------------------------ */

static void *child_thread(void *arg)
{
    atomic_int *ok = arg;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *l = PyList_New(0);
    for (int i = 0; l && i < 50; i++) {
        PyObject *n = PyLong_FromLong(i);
        PyList_Append(l, n);
        Py_XDECREF(n);
    }
    if (l && PyList_GET_SIZE(l) == 50)
        atomic_store(ok, 1);
    Py_XDECREF(l);
    PyGILState_Release(g);
    return NULL;
}

/* Runs in a child after PyOS_AfterFork_Child; returns a failure bitmask.
   `finalize`: end with Py_Finalize (and then check it took). */
static int child_checks(int finalize)
{
    int bad = 0;
    alarm(20); /* a deadlock kills the child */
    if (!PyGILState_Check())
        bad |= 1;
    PyObject *d = Py_BuildValue("{s:i,s:(ii)}", "a", 1, "b", 2, 3);
    PyObject *r = d ? PyObject_Repr(d) : NULL;
    if (r == NULL || strcmp(PyUnicode_AsUTF8(r), "{'a': 1, 'b': (2, 3)}") != 0)
        bad |= 2;
    Py_XDECREF(r);
    Py_XDECREF(d);
    /* Releasing and retaking the GIL: a waiter left over from the parent
       would get it and never give it back. */
    for (int i = 0; i < 3; i++) {
        Py_BEGIN_ALLOW_THREADS
        Py_END_ALLOW_THREADS
    }
    if (!PyGILState_Check())
        bad |= 4;
    /* New threads take the GIL in turn. */
    atomic_int ok[3] = {0, 0, 0};
    pthread_t t[3];
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, child_thread, &ok[i]);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    Py_END_ALLOW_THREADS
    for (int i = 0; i < 3; i++)
        if (!atomic_load(&ok[i]))
            bad |= 8;
    /* Pending calls and simulated signals belong to the child's only
       thread now. */
    if (Py_MakePendingCalls() != 0)
        bad |= 16;
    PyErr_SetInterrupt();
    if (PyErr_CheckSignals() != -1 || !PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
        bad |= 32;
    PyErr_Clear();
    if (finalize) {
        Py_Finalize();
        if (Py_IsInitialized())
            bad |= 64;
    }
    return bad;
}

/* Waits for a child and returns its exit status, or 1000 + the signal that
   killed it. */
static int reap(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 1000 + WTERMSIG(status);
    return 2000;
}

/* ---- threads around the fork ------------------------------------------- */

static sem_t free_ready, free_go;
static atomic_int waiter_done, free_done;

/* Takes the GIL, then releases it with its own state kept, and stays out
   until told. */
static void *gil_free_thread(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure();
    Py_BEGIN_ALLOW_THREADS
    sem_post(&free_ready);
    sem_wait(&free_go);
    Py_END_ALLOW_THREADS
    PyObject *o = PyLong_FromLong(7);
    Py_XDECREF(o);
    PyGILState_Release(g);
    atomic_store(&free_done, 1);
    return NULL;
}

/* Waits for the GIL the main thread holds. */
static void *waiting_thread(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *o = PyUnicode_FromString("waited");
    Py_XDECREF(o);
    PyGILState_Release(g);
    atomic_store(&waiter_done, 1);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Forks from a thread that is not the initializing one. */
static atomic_int nonmain_status = -1;

static void *forking_thread(void *arg)
{
    (void)arg;
    PyGILState_STATE g = PyGILState_Ensure();
    PyOS_BeforeFork();
    fflush(stdout);
        pid_t pid = fork();
    if (pid == 0) {
        PyOS_AfterFork_Child();
        int bad = child_checks(1);
        _exit(bad);
    }
    PyOS_AfterFork_Parent();
    PyGILState_Release(g);
    atomic_store(&nonmain_status, reap(pid));
    return NULL;
}

int main(void)
{
    Py_Initialize();
    signals();

    /* The plain sequence. */
    {
        PyOS_BeforeFork();
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            PyOS_AfterFork_Child();
            _exit(child_checks(1));
        }
        PyOS_AfterFork_Parent();
        CHECK(pid > 0, "fork() after PyOS_BeforeFork");
        int st;
        Py_BEGIN_ALLOW_THREADS
        st = reap(pid);
        Py_END_ALLOW_THREADS
        if (st)
            printf("# child status %d\n", st);
        CHECK(st == 0, "the child uses the C API, threads and Py_Finalize after PyOS_AfterFork_Child");
        PyObject *o = PyLong_FromLong(1);
        CHECK(o != NULL, "the parent goes on after PyOS_AfterFork_Parent");
        Py_XDECREF(o);
    }

    /* With a thread out of the GIL with its own state and one waiting for
       the GIL. */
    {
        sem_init(&free_ready, 0, 0);
        sem_init(&free_go, 0, 0);
        pthread_t tf, tw;
        Py_BEGIN_ALLOW_THREADS
        pthread_create(&tf, NULL, gil_free_thread, NULL);
        sem_wait(&free_ready);
        Py_END_ALLOW_THREADS
        pthread_create(&tw, NULL, waiting_thread, NULL);
        sleep_ms(200); /* the waiter is queued for the GIL by now */
        PyOS_BeforeFork();
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            PyOS_AfterFork_Child();
            _exit(child_checks(1));
        }
        PyOS_AfterFork_Parent();
        sem_post(&free_go);
        int st;
        Py_BEGIN_ALLOW_THREADS
        pthread_join(tw, NULL);
        pthread_join(tf, NULL);
        st = reap(pid);
        Py_END_ALLOW_THREADS
        if (st)
            printf("# child status %d\n", st);
        CHECK(st == 0, "a child forked while another thread was out of the GIL and one waited for it works");
        CHECK(atomic_load(&waiter_done) && atomic_load(&free_done),
              "in the parent both threads go on after PyOS_AfterFork_Parent");
        sem_destroy(&free_ready);
        sem_destroy(&free_go);
    }

    /* Forking from a thread that did not call Py_Initialize. */
    {
        pthread_t t;
        Py_BEGIN_ALLOW_THREADS
        pthread_create(&t, NULL, forking_thread, NULL);
        pthread_join(t, NULL);
        Py_END_ALLOW_THREADS
        int st = atomic_load(&nonmain_status);
        if (st)
            printf("# child status %d\n", st);
        CHECK(st == 0, "a child forked by another thread (PyGILState_Ensure) works and finalizes");
    }

    /* The legacy pattern: fork() and PyOS_AfterFork() only. */
    {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
            PyOS_AfterFork();
#pragma GCC diagnostic pop
            _exit(child_checks(1));
        }
        int st;
        Py_BEGIN_ALLOW_THREADS
        st = reap(pid);
        Py_END_ALLOW_THREADS
        if (st)
            printf("# child status %d\n", st);
        CHECK(st == 0, "fork() then the deprecated PyOS_AfterFork() works");
    }

    /* Nested PyOS_BeforeFork. */
    {
        PyOS_BeforeFork();
        PyOS_BeforeFork();
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            PyOS_AfterFork_Child();
            _exit(child_checks(0));
        }
        PyOS_AfterFork_Parent();
        PyOS_AfterFork_Parent();
        int st;
        Py_BEGIN_ALLOW_THREADS
        st = reap(pid);
        Py_END_ALLOW_THREADS
        CHECK(st == 0, "nested PyOS_BeforeFork calls, one PyOS_AfterFork_Child");
        Py_BEGIN_ALLOW_THREADS
        Py_END_ALLOW_THREADS
        CHECK(PyGILState_Check(), "the parent releases and retakes the GIL after nested calls");
    }

    /* PyOS_AfterFork_Parent without PyOS_BeforeFork is a fatal error. */
    {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            int devnull = open("/dev/null", O_WRONLY);
            if (devnull >= 0)
                dup2(devnull, 2);
            PyOS_AfterFork_Parent();
            _exit(0);
        }
        int st = reap(pid);
        CHECK(st == 1000 + SIGABRT, "PyOS_AfterFork_Parent without PyOS_BeforeFork is a fatal error");
    }

    Py_Finalize();
    return CHECK_DONE();
}
