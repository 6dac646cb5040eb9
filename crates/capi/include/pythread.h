/*
 * pythread.h -- OS threads, locks and thread-specific storage.
 *
 * Locks are binary semaphores: any thread may release a lock another thread
 * acquired. Releasing an unlocked lock leaves it unlocked.
 */
#ifndef Py_PYTHREAD_H
#define Py_PYTHREAD_H

#include <limits.h>
#include <stddef.h>
#ifndef _WIN32
#  include <pthread.h>
#endif

#include "pyport.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *PyThread_type_lock;

/* Return status codes for Python lock acquisition. Waits are not
   interruptible by signals, so PY_LOCK_INTR is never returned. */
typedef enum PyLockStatus {
    PY_LOCK_FAILURE = 0,
    PY_LOCK_ACQUIRED = 1,
    PY_LOCK_INTR
} PyLockStatus;

#define PYTHREAD_INVALID_THREAD_ID ((unsigned long)-1)

PyAPI_FUNC(void) PyThread_init_thread(void);
PyAPI_FUNC(unsigned long) PyThread_start_new_thread(void (*func)(void *), void *arg);
PyAPI_FUNC(unsigned long) PyThread_get_thread_ident(void);
#if defined(__linux__) || defined(__APPLE__) || defined(_WIN32)
#  define PY_HAVE_THREAD_NATIVE_ID
PyAPI_FUNC(unsigned long) PyThread_get_thread_native_id(void);
#endif

PyAPI_FUNC(PyThread_type_lock) PyThread_allocate_lock(void);
PyAPI_FUNC(void) PyThread_free_lock(PyThread_type_lock lock);
PyAPI_FUNC(int) PyThread_acquire_lock(PyThread_type_lock lock, int waitflag);
#define WAIT_LOCK       1
#define NOWAIT_LOCK     0

/* Microseconds; PY_TIMEOUT_MAX is the largest usable timeout. */
#define PY_TIMEOUT_T long long
#define PY_TIMEOUT_MAX (LLONG_MAX / 1000)

/* microseconds < 0 waits forever, 0 does not wait, > 0 waits up to that. */
PyAPI_FUNC(PyLockStatus) PyThread_acquire_lock_timed(PyThread_type_lock lock,
                                                     PY_TIMEOUT_T microseconds,
                                                     int intr_flag);
PyAPI_FUNC(void) PyThread_release_lock(PyThread_type_lock lock);

PyAPI_FUNC(size_t) PyThread_get_stacksize(void);
PyAPI_FUNC(int) PyThread_set_stacksize(size_t size);

/* A new sys.thread_info: the thread implementation ("pthread"), its lock
   ("semaphore", as CPython reports on Linux) and the C library's thread
   version (glibc's, such as "NPTL 2.36"; None elsewhere). */
PyAPI_FUNC(PyObject *) PyThread_GetInfo(void);

/* The deprecated TLS API (int keys over pthread keys). */
Py_DEPRECATED(3.7) PyAPI_FUNC(int) PyThread_create_key(void);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_delete_key(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(int) PyThread_set_key_value(int key, void *value);
Py_DEPRECATED(3.7) PyAPI_FUNC(void *) PyThread_get_key_value(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_delete_key_value(int key);
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyThread_ReInitTLS(void);

/* Thread Specific Storage (TSS) API. The layout is exposed for static
   allocation: initialise with Py_tss_NEEDS_INIT. */
typedef struct _Py_tss_t Py_tss_t;
struct _Py_tss_t {
    int _is_initialized;
#ifdef _WIN32
    unsigned long _key; /* a TlsAlloc index (DWORD), as CPython's NT_THREADS */
#else
    pthread_key_t _key;
#endif
};
#define Py_tss_NEEDS_INIT {0}

PyAPI_FUNC(Py_tss_t *) PyThread_tss_alloc(void);
PyAPI_FUNC(void) PyThread_tss_free(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_is_created(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_create(Py_tss_t *key);
PyAPI_FUNC(void) PyThread_tss_delete(Py_tss_t *key);
PyAPI_FUNC(int) PyThread_tss_set(Py_tss_t *key, void *value);
PyAPI_FUNC(void *) PyThread_tss_get(Py_tss_t *key);

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYTHREAD_H */
