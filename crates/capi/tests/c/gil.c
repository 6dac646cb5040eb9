/* The GIL, thread states and PyThread locks, from C as extensions use them:
 * Py_Initialize leaves the main thread holding the GIL; threads release it
 * around work (Py_BEGIN_ALLOW_THREADS) and then run in parallel; holding it
 * excludes every other holder (a counter incremented without atomics stays
 * exact); foreign threads take it with PyGILState_Ensure; misuse is a fatal
 * error with CPython's message. */
#define _GNU_SOURCE
#include <Python.h>

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS 4
#define ROUNDS 2000

/* Updated only while holding the GIL, deliberately without atomics. */
static long shared_counter;
/* How many threads are inside a GIL-held section right now, and the most
   ever seen at once (must stay 1). */
static atomic_int holders, max_holders;
/* Rendezvous of threads that released the GIL. */
static pthread_mutex_t meet_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t meet_cond = PTHREAD_COND_INITIALIZER;
static int arrived;
static atomic_int met_all;

static void note_holder(void) {
    int now = atomic_fetch_add(&holders, 1) + 1;
    int seen = atomic_load(&max_holders);
    while (now > seen && !atomic_compare_exchange_weak(&max_holders, &seen, now)) {
    }
}

/* Waits (up to 60 s) until all NTHREADS threads arrived; they can only all
   arrive if each released the GIL. A passing run returns as soon as the
   last one arrives; the long limit is for a loaded machine or valgrind,
   which runs one thread at a time, slowly. */
static int meet(void) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60;
    pthread_mutex_lock(&meet_lock);
    arrived++;
    pthread_cond_broadcast(&meet_cond);
    int rc = 0;
    while (arrived < NTHREADS && rc == 0)
        rc = pthread_cond_timedwait(&meet_cond, &meet_lock, &deadline);
    int all = arrived >= NTHREADS;
    pthread_mutex_unlock(&meet_lock);
    return all;
}

static void *worker(void *arg) {
    (void)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    int ok = st == PyGILState_UNLOCKED && PyGILState_Check();
    for (int i = 0; i < ROUNDS; i++) {
        note_holder();
        long v = shared_counter;
        if (i % 97 == 0)
            sched_yield(); /* invite a race, which the GIL must prevent */
        shared_counter = v + 1;
        atomic_fetch_sub(&holders, 1);
        if (i % 50 == 0) {
            Py_BEGIN_ALLOW_THREADS
            if (i == 0 && meet())
                atomic_fetch_add(&met_all, 1);
            Py_END_ALLOW_THREADS
        }
    }
    /* Nested Ensure on a thread that holds the GIL. */
    PyGILState_STATE inner = PyGILState_Ensure();
    ok = ok && inner == PyGILState_LOCKED;
    PyGILState_Release(inner);
    ok = ok && PyGILState_Check();
    PyGILState_Release(st);
    ok = ok && !PyGILState_Check() && PyGILState_GetThisThreadState() == NULL;
    return ok ? (void *)1 : NULL;
}

static void test_threads(void) {
    pthread_t th[NTHREADS];
    shared_counter = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&th[i], NULL, worker, NULL);
    int all_ok = 1;
    for (int i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        all_ok = all_ok && r != NULL;
    }
    CHECK(all_ok, "foreign threads: Ensure UNLOCKED, nested LOCKED, Check, Release deletes the state");
    Py_END_ALLOW_THREADS
    CHECK(shared_counter == (long)NTHREADS * ROUNDS, "a counter updated only under the GIL is exact");
    CHECK(atomic_load(&max_holders) == 1, "never two GIL holders at once");
    CHECK(atomic_load(&met_all) == NTHREADS, "threads that released the GIL ran at the same time");
}

/* PyThread locks: a lock acquired by one thread is released by another. */
static PyThread_type_lock handoff;
static unsigned long started_ident;

static void started(void *arg) {
    started_ident = PyThread_get_thread_ident();
    PyGILState_STATE st = PyGILState_Ensure();
    shared_counter += (long)(intptr_t)arg;
    PyGILState_Release(st);
    PyThread_release_lock(handoff);
}

static void test_locks(void) {
    handoff = PyThread_allocate_lock();
    CHECK(handoff != NULL, "PyThread_allocate_lock");
    CHECK(PyThread_acquire_lock(handoff, WAIT_LOCK) == 1, "acquire a free lock");
    CHECK(PyThread_acquire_lock(handoff, NOWAIT_LOCK) == 0, "NOWAIT on a held lock fails");
    CHECK(PyThread_acquire_lock_timed(handoff, 1000, 0) == PY_LOCK_FAILURE, "timed acquire times out");
    long before = shared_counter;
    unsigned long ident = PyThread_start_new_thread(started, (void *)(intptr_t)5);
    CHECK(ident != PYTHREAD_INVALID_THREAD_ID, "PyThread_start_new_thread");
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(handoff, WAIT_LOCK); /* released by the new thread */
    Py_END_ALLOW_THREADS
    CHECK(started_ident == ident && ident != PyThread_get_thread_ident(), "the new thread's ident is returned");
    CHECK(shared_counter == before + 5, "the new thread took the GIL with PyGILState_Ensure");
    PyThread_release_lock(handoff);
    PyThread_free_lock(handoff);

    static Py_tss_t key = Py_tss_NEEDS_INIT;
    CHECK(PyThread_tss_is_created(&key) == 0, "a static TSS key starts uncreated");
    CHECK(PyThread_tss_create(&key) == 0 && PyThread_tss_is_created(&key), "PyThread_tss_create");
    CHECK(PyThread_tss_set(&key, &key) == 0 && PyThread_tss_get(&key) == &key, "TSS set/get");
    PyThread_tss_delete(&key);
    CHECK(PyThread_tss_is_created(&key) == 0, "PyThread_tss_delete");
}

static void test_states(void) {
    PyThreadState *main_ts = PyThreadState_Get();
    CHECK(main_ts != NULL && PyThreadState_GET() == main_ts, "PyThreadState_Get after Py_Initialize");
    CHECK(PyGILState_GetThisThreadState() == main_ts, "Py_Initialize's state is the thread's GILState");
    CHECK(PyInterpreterState_Get() == PyInterpreterState_Main(), "one interpreter");
    CHECK(PyThreadState_GetInterpreter(main_ts) == PyInterpreterState_Main(), "PyThreadState_GetInterpreter");
    CHECK(PyInterpreterState_GetID(PyInterpreterState_Main()) == 0, "the main interpreter's id is 0");

    PyGILState_STATE st = PyGILState_Ensure();
    CHECK(st == PyGILState_LOCKED, "Ensure while holding the GIL: LOCKED");
    PyGILState_Release(st);
    CHECK(PyGILState_Check() && PyThreadState_Get() == main_ts, "Release of LOCKED keeps the GIL");

    PyObject *tdict = PyThreadState_GetDict();
    CHECK(tdict != NULL && PyDict_Check(tdict) && PyThreadState_GetDict() == tdict,
          "PyThreadState_GetDict: one dict per thread state");
    PyObject *idict = PyInterpreterState_GetDict(PyInterpreterState_Main());
    CHECK(idict != NULL && PyDict_Check(idict) && idict != tdict &&
              PyInterpreterState_GetDict(PyInterpreterState_Get()) == idict,
          "PyInterpreterState_GetDict");

    PyThreadState *saved = PyEval_SaveThread();
    CHECK(saved == main_ts && _PyThreadState_UncheckedGet() == NULL && !PyGILState_Check(),
          "PyEval_SaveThread releases and returns the state");
    CHECK(PyThreadState_GetDict() == NULL, "no thread-state dict without the GIL");
    PyEval_RestoreThread(saved);
    CHECK(PyThreadState_Get() == main_ts && PyGILState_Check(), "PyEval_RestoreThread");

    /* A second state for this thread, swapped in and out. */
    PyThreadState *other = PyThreadState_New(PyInterpreterState_Main());
    CHECK(other != NULL && other != main_ts, "PyThreadState_New");
    CHECK(PyGILState_GetThisThreadState() == main_ts, "the first state stays the thread's GILState");
    CHECK(PyThreadState_GetID(other) > PyThreadState_GetID(main_ts), "ids increase");
    CHECK(PyThreadState_Swap(other) == main_ts && PyThreadState_Get() == other, "PyThreadState_Swap");
    CHECK(PyThreadState_Swap(main_ts) == other, "swap back");
    PyThreadState_Clear(other);
    PyThreadState_Delete(other);

    PyEval_ReleaseThread(main_ts);
    CHECK(_PyThreadState_UncheckedGet() == NULL, "PyEval_ReleaseThread");
    PyEval_AcquireThread(main_ts);
    CHECK(PyThreadState_Get() == main_ts, "PyEval_AcquireThread");
}

/* Runs `fn` in a child process and returns what it wrote to stderr; the
   child must die of SIGABRT (fatal error) for *aborted to be set. */
static char fatal_text[4096];
static int run_fatal(void (*fn)(void), int *aborted) {
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        _exit(0);
    }
    close(fds[1]);
    size_t len = 0;
    ssize_t n;
    while ((n = read(fds[0], fatal_text + len, sizeof fatal_text - 1 - len)) > 0)
        len += (size_t)n;
    fatal_text[len] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    *aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    return 0;
}

static void save_without_gil(void) {
    PyEval_SaveThread();
    PyEval_SaveThread();
}
static void release_not_current(void) {
    PyEval_SaveThread();
    PyGILState_Release(PyGILState_UNLOCKED);
}
static void *release_on_fresh_thread(void *arg) {
    (void)arg;
    PyGILState_Release(PyGILState_UNLOCKED);
    return NULL;
}
static void release_without_state(void) {
    pthread_t th;
    pthread_create(&th, NULL, release_on_fresh_thread, NULL);
    pthread_join(th, NULL);
}
static void fatal_from_c(void) {
    PyErr_SetString(PyExc_ValueError, "pending");
    Py_FatalError("something broke");
}
static void fatal_formatted(void) {
    _Py_FatalErrorFormat("my_func", "bad value %d in %s", 42, "slot");
}
static void restore_twice(void) {
    PyThreadState *ts = PyThreadState_Get();
    PyEval_RestoreThread(ts); /* already held: would deadlock */
}

static void test_fatal(void) {
    int aborted;
    char want[512];
    run_fatal(save_without_gil, &aborted);
    CHECK(aborted && strncmp(fatal_text,
                             "Fatal Python error: PyEval_SaveThread: the function must be called with the GIL held, "
                             "but the GIL is released (the current Python thread state is NULL)\n"
                             "Python runtime state: initialized\n\n",
                             strlen("Fatal Python error: PyEval_SaveThread: the function must be called with the GIL held, "
                                    "but the GIL is released (the current Python thread state is NULL)\n"
                                    "Python runtime state: initialized\n\n")) == 0,
          "SaveThread without the GIL: CPython's fatal error");
    run_fatal(release_without_state, &aborted);
    CHECK(aborted && strncmp(fatal_text,
                             "Fatal Python error: PyGILState_Release: auto-releasing thread-state, but no "
                             "thread-state for this thread\n", 90) == 0,
          "Release on a thread without a state: fatal");
    run_fatal(release_not_current, &aborted);
    snprintf(want, sizeof want, "Fatal Python error: PyGILState_Release: thread state %p must be current when releasing\n",
             (void *)PyGILState_GetThisThreadState());
    CHECK(aborted && strncmp(fatal_text, want, strlen(want)) == 0, "Release with the state not current: fatal");
    run_fatal(fatal_from_c, &aborted);
    snprintf(want, sizeof want,
             "Fatal Python error: fatal_from_c: something broke\nPython runtime state: initialized\n"
             "ValueError: pending\n\nCurrent thread 0x%016lx (most recent call first):\n  <no Python frame>\n",
             PyThread_get_thread_ident());
    CHECK(aborted && strcmp(fatal_text, want) == 0, "Py_FatalError names the function and shows the exception");
    if (!(aborted && strcmp(fatal_text, want) == 0))
        printf("# got: %s\n# want: %s\n", fatal_text, want);
    run_fatal(fatal_formatted, &aborted);
    CHECK(aborted && strncmp(fatal_text, "Fatal Python error: my_func: bad value 42 in slot\n", 50) == 0,
          "_Py_FatalErrorFormat formats with printf rules");
    run_fatal(restore_twice, &aborted);
    CHECK(aborted && strstr(fatal_text, "PyEval_RestoreThread: this thread already holds the GIL") != NULL,
          "restoring a held GIL is fatal instead of a deadlock");
}

static int exit_order[3];
static int exit_n;
static void exit_a(void) { exit_order[exit_n++] = 1; }
static void exit_b(void) { exit_order[exit_n++] = 2; }

int main(void) {
    CHECK(!Py_IsInitialized() && !PyGILState_Check(), "not initialised, no GIL held at start");
    Py_Initialize();
    CHECK(Py_IsInitialized() && PyGILState_Check(), "Py_Initialize holds the GIL");
    test_states();
    test_threads();
    test_locks();
    test_fatal();
    CHECK(Py_AtExit(exit_a) == 0 && Py_AtExit(exit_b) == 0, "Py_AtExit");
    CHECK(Py_FinalizeEx() == 0, "Py_FinalizeEx");
    CHECK(exit_n == 2 && exit_order[0] == 2 && exit_order[1] == 1, "Py_AtExit functions run last-in first-out");
    CHECK(!Py_IsInitialized() && !PyGILState_Check() && PyGILState_GetThisThreadState() == NULL,
          "Py_FinalizeEx releases the GIL and deletes the state");
    Py_Initialize();
    CHECK(PyGILState_Check(), "Py_Initialize again after Py_Finalize");
    Py_Finalize();
    return CHECK_DONE();
}
