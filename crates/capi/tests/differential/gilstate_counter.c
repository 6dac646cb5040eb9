/* Differential cases for the PyThreadState fields C code uses by name
 * beyond `interp`: `thread_id`, `id` and `gilstate_counter`, the last as
 * cffi uses it for callbacks arriving on a thread Python did not start
 * (it raises the counter so that PyGILState_Release keeps the thread's
 * state, and lowers it again when the thread ends). On a new thread:
 * the counter through nested and released PyGILState_Ensure calls, the
 * state outliving the release that would have deleted it, and deleted by
 * the release after the counter is lowered again.
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "case.h"

#define MAX_SEEN 32
static struct {
    const char *what;
    long value;
} seen[MAX_SEEN];
static int n_seen;

static void note(const char *what, long value)
{
    if (n_seen < MAX_SEEN) {
        seen[n_seen].what = what;
        seen[n_seen].value = value;
        n_seen++;
    }
}

static void *thread_main(void *arg)
{
    (void)arg;
    note("no state before Ensure", PyGILState_GetThisThreadState() == NULL);
    PyGILState_STATE s1 = PyGILState_Ensure();
    PyThreadState *ts = PyGILState_GetThisThreadState();
    note("first Ensure is UNLOCKED", s1 == PyGILState_UNLOCKED);
    note("the state is current", ts == PyThreadState_Get());
    note("gilstate_counter after the first Ensure", ts->gilstate_counter);
    note("thread_id is PyThread_get_thread_ident()", ts->thread_id == PyThread_get_thread_ident());
    note("id is PyThreadState_GetID()", ts->id == PyThreadState_GetID(ts));
    note("interp is PyInterpreterState_Get()", ts->interp == PyInterpreterState_Get());
    PyGILState_STATE s2 = PyGILState_Ensure();
    note("nested Ensure is LOCKED", s2 == PyGILState_LOCKED);
    note("gilstate_counter nested", ts->gilstate_counter);
    PyGILState_Release(s2);
    note("gilstate_counter after the nested Release", ts->gilstate_counter);
    /* cffi's thread canary: the state must outlive this Release. */
    ts->gilstate_counter++;
    PyGILState_Release(s1);
    note("the state outlives the outer Release", PyGILState_GetThisThreadState() == ts);
    note("PyGILState_Check() after it", PyGILState_Check());
    note("gilstate_counter after it", ts->gilstate_counter);
    PyGILState_STATE s3 = PyGILState_Ensure();
    note("Ensure on the kept state is UNLOCKED", s3 == PyGILState_UNLOCKED);
    note("... and reuses the state", PyGILState_GetThisThreadState() == ts);
    note("gilstate_counter then", ts->gilstate_counter);
    /* The canary's end: lower it again, so this Release deletes it. */
    ts->gilstate_counter--;
    PyGILState_Release(s3);
    note("the state is gone after the last Release", PyGILState_GetThisThreadState() == NULL);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    PyThreadState *main_ts = PyThreadState_Get();
    show("main thread: thread_id is PyThread_get_thread_ident()",
         PyBool_FromLong(main_ts->thread_id == PyThread_get_thread_ident()));
    show("main thread: id is PyThreadState_GetID()", PyBool_FromLong(main_ts->id == PyThreadState_GetID(main_ts)));
    show("main thread: gilstate_counter", PyLong_FromLong(main_ts->gilstate_counter));
    pthread_t t;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = pthread_create(&t, NULL, thread_main, NULL);
    if (rc == 0)
        pthread_join(t, NULL);
    Py_END_ALLOW_THREADS
    if (rc != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    for (int i = 0; i < n_seen; i++)
        show(seen[i].what, PyLong_FromLong(seen[i].value));
    return 0;
}
