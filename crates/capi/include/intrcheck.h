/*
 * intrcheck.h -- whether an interrupt arrived (CPython's Include/intrcheck.h).
 * PyOS_InterruptOccurred is 1 on the main thread when a SIGINT simulated by
 * PyErr_SetInterrupt(Ex) is pending, and consumes it. The fork hooks
 * (PyOS_BeforeFork, PyOS_AfterFork_*) are not provided.
 */
#ifndef Py_INTRCHECK_H
#define Py_INTRCHECK_H

#ifdef __cplusplus
extern "C" {
#endif

PyAPI_FUNC(int) PyOS_InterruptOccurred(void);

#ifdef __cplusplus
}
#endif

#endif /* !Py_INTRCHECK_H */
