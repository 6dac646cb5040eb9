/* Differential cases for Py_AddPendingCall and Py_MakePendingCalls
 * (Python/ceval.c): the queue's order and size (a ring of 32 slots, one
 * kept free), a callback that fails (the run stops, its return value is
 * returned and its exception left set, the calls after it stay queued), a
 * nonzero return without an exception, calls queued by a callback (run in
 * the same pass, at most 32 calls a pass), a callback calling
 * Py_MakePendingCalls (which returns at once), calls queued from another
 * thread without the GIL, and Py_MakePendingCalls on a thread that is not
 * the main one (which runs nothing), and a NULL callback (queued; it ends
 * the pass that reaches it).
 *
 * Built against CPython 3.11 (libpython3.11) and against pybuffer
 * (libpybuffer); each build prints one line per case and
 * scripts/c-tests.sh compares the two outputs line for line.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "refcase.h"

/* What the callbacks did, in order: one letter each. */
static char trace[256];
static size_t trace_len;

static void note(char c)
{
    if (trace_len + 1 < sizeof trace) {
        trace[trace_len++] = c;
        trace[trace_len] = '\0';
    }
}

static void trace_reset(void)
{
    trace_len = 0;
    trace[0] = '\0';
}

/* Records its argument (a letter). */
static int record(void *arg)
{
    note((char)(intptr_t)arg);
    return 0;
}

/* Records 'F', sets ValueError and fails. */
static int fail(void *arg)
{
    (void)arg;
    note('F');
    PyErr_SetString(PyExc_ValueError, "pending call failed");
    return -1;
}

/* Records 'R' and returns its argument, with no exception. */
static int give(void *arg)
{
    note('R');
    return (int)(intptr_t)arg;
}

/* Records 'M', then what a nested Py_MakePendingCalls returns. */
static int nested(void *arg)
{
    (void)arg;
    note('M');
    note((char)('0' + Py_MakePendingCalls()));
    return 0;
}

/* Records 'Q' and queues record('q'). */
static int queue_more(void *arg)
{
    (void)arg;
    note('Q');
    return Py_AddPendingCall(record, (void *)(intptr_t)'q') == 0 ? 0 : -1;
}

/* Records 'S' and queues itself again while `*left` is positive. */
static int again(void *arg)
{
    int *left = arg;
    note('S');
    if (--*left > 0 && Py_AddPendingCall(again, arg) != 0)
        return -1;
    return 0;
}

/* Appends the trace to the case's line. */
static void put_trace(void)
{
    put(" trace=%s", trace);
}

/* Runs the queue until it is empty (a pass that fails is cleared). */
static void drain(void)
{
    for (int i = 0; i < 100; i++) {
        if (Py_MakePendingCalls() != 0)
            PyErr_Clear();
    }
    trace_reset();
}

static void *add_from_thread(void *arg)
{
    (void)arg;
    /* No GIL: Py_AddPendingCall is callable from any thread. */
    for (char c = 'a'; c <= 'e'; c++)
        Py_AddPendingCall(record, (void *)(intptr_t)c);
    return NULL;
}

static int make_rc_other;
static char trace_other[256];
static void *make_from_thread(void *arg)
{
    (void)arg;
    PyGILState_STATE st = PyGILState_Ensure();
    make_rc_other = Py_MakePendingCalls();
    memcpy(trace_other, trace, sizeof trace);
    PyGILState_Release(st);
    return NULL;
}

int main(void)
{
    Py_Initialize();
    drain();

    begin("Make with nothing queued");
    int_result(Py_MakePendingCalls());
    put_trace();
    end();

    begin("Add A, B, C; Make");
    {
        int a = Py_AddPendingCall(record, (void *)(intptr_t)'A');
        int b = Py_AddPendingCall(record, (void *)(intptr_t)'B');
        int c = Py_AddPendingCall(record, (void *)(intptr_t)'C');
        put("adds=%d%d%d ", a, b, c);
    }
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    trace_reset();

    begin("Make again: nothing left");
    int_result(Py_MakePendingCalls());
    put_trace();
    end();

    {
        begin("Add until full; Make");
        int accepted = 0, refused = 0;
        for (int i = 0; i < 40; i++) {
            if (Py_AddPendingCall(record, (void *)(intptr_t)'x') == 0)
                accepted++;
            else
                refused++;
        }
        put("accepted=%d refused=%d error=%d ", accepted, refused, PyErr_Occurred() != NULL);
        int_result(Py_MakePendingCalls());
        put(" ran=%zu", trace_len);
        end();
        trace_reset();
        begin("Add after the full queue ran");
        put("add=%d ", Py_AddPendingCall(record, (void *)(intptr_t)'y'));
        int_result(Py_MakePendingCalls());
        put_trace();
        end();
        trace_reset();
    }

    begin("Add A, fail, B; Make");
    Py_AddPendingCall(record, (void *)(intptr_t)'A');
    Py_AddPendingCall(fail, NULL);
    Py_AddPendingCall(record, (void *)(intptr_t)'B');
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    begin("Make again: B was left queued");
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    trace_reset();

    begin("a callback returning 5, no exception; then A");
    Py_AddPendingCall(give, (void *)(intptr_t)5);
    Py_AddPendingCall(record, (void *)(intptr_t)'A');
    int_result(Py_MakePendingCalls());
    put(" rc-as-int; error=%d", PyErr_Occurred() != NULL);
    put_trace();
    end();
    drain();

    begin("a callback returning -1, no exception");
    Py_AddPendingCall(give, (void *)(intptr_t)-1);
    {
        int rc = Py_MakePendingCalls();
        put("rc=%d error=%d", rc, PyErr_Occurred() != NULL);
    }
    put_trace();
    end();
    drain();

    begin("a callback calling Make; then A");
    Py_AddPendingCall(nested, NULL);
    Py_AddPendingCall(record, (void *)(intptr_t)'A');
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    drain();

    begin("a callback queueing another: run in the same pass");
    Py_AddPendingCall(queue_more, NULL);
    Py_AddPendingCall(record, (void *)(intptr_t)'A');
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    drain();

    {
        int left = 50;
        begin("a callback queueing itself 50 times: one pass");
        Py_AddPendingCall(again, &left);
        int_result(Py_MakePendingCalls());
        put(" ran=%zu left=%d", trace_len, left);
        end();
        trace_reset();
        begin("the next pass");
        int_result(Py_MakePendingCalls());
        put(" ran=%zu left=%d", trace_len, left);
        end();
        drain();
    }

    begin("Add A, NULL, B; Make: the NULL callback ends the pass");
    {
        int a = Py_AddPendingCall(record, (void *)(intptr_t)'A');
        int n = Py_AddPendingCall(NULL, NULL);
        int b = Py_AddPendingCall(record, (void *)(intptr_t)'B');
        put("adds=%d%d%d ", a, n, b);
    }
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    begin("Make again: B");
    int_result(Py_MakePendingCalls());
    put_trace();
    end();
    trace_reset();

    {
        begin("five calls queued by another thread without the GIL; Make");
        pthread_t t;
        Py_BEGIN_ALLOW_THREADS
        pthread_create(&t, NULL, add_from_thread, NULL);
        pthread_join(t, NULL);
        Py_END_ALLOW_THREADS
        int_result(Py_MakePendingCalls());
        put_trace();
        end();
        trace_reset();
    }

    {
        begin("Make on another thread: runs nothing; then on the main one");
        Py_AddPendingCall(record, (void *)(intptr_t)'A');
        pthread_t t;
        Py_BEGIN_ALLOW_THREADS
        pthread_create(&t, NULL, make_from_thread, NULL);
        pthread_join(t, NULL);
        Py_END_ALLOW_THREADS
        put("other: rc=%d trace=%s; main: ", make_rc_other, trace_other);
        int_result(Py_MakePendingCalls());
        put_trace();
        end();
        trace_reset();
    }
    return 0;
}
