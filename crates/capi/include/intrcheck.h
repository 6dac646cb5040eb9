/*
 * intrcheck.h -- whether an interrupt arrived (CPython's Include/intrcheck.h).
 * PyOS_InterruptOccurred is 1 on the main thread when a SIGINT simulated by
 * PyErr_SetInterrupt(Ex) is pending, and consumes it.
 *
 * The fork functions (not on Windows, which has no fork): a thread holding
 * the GIL calls PyOS_BeforeFork() before fork(), then PyOS_AfterFork_Parent()
 * in the parent and PyOS_AfterFork_Child() in the child. BeforeFork takes
 * the runtime's own thread locks (the thread-state registry, the pending
 * calls, the GIL's state) so that the child inherits none of them held;
 * AfterFork_Child leaves the caller holding the GIL as the only thread
 * (other threads' states are freed, their places in the GIL queue
 * forgotten) and the main thread, then releases the locks. AfterFork_Child
 * without BeforeFork works unless another thread was inside one of those
 * locks at the fork, a fatal error (CPython would recreate its locks).
 */
#ifndef Py_INTRCHECK_H
#define Py_INTRCHECK_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(int) PyOS_InterruptOccurred(void);

#ifndef _WIN32
PyAPI_FUNC(void) PyOS_BeforeFork(void);
PyAPI_FUNC(void) PyOS_AfterFork_Parent(void);
PyAPI_FUNC(void) PyOS_AfterFork_Child(void);
/* Deprecated, please use PyOS_AfterFork_Child() instead */
Py_DEPRECATED(3.7) PyAPI_FUNC(void) PyOS_AfterFork(void);
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_INTRCHECK_H */
