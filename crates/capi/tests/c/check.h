/* A tiny TAP producer for the C tests: each CHECK prints "ok N - what" or
   "not ok N - what (file:line)"; main returns nonzero if any check failed. */
#ifndef PYBUFFER_CHECK_H
#define PYBUFFER_CHECK_H
#include <stdio.h>

static int check_count = 0;
static int check_failed = 0;

#define CHECK(cond, what)                                                   \
    do {                                                                    \
        ++check_count;                                                      \
        if (cond) {                                                         \
            printf("ok %d - %s\n", check_count, what);                      \
        } else {                                                            \
            ++check_failed;                                                 \
            printf("not ok %d - %s (%s:%d: %s)\n", check_count, what,       \
                   __FILE__, __LINE__, #cond);                              \
        }                                                                   \
    } while (0)

/* The pending exception is `exc` with message `msg` (NULL: any); clears it. */
#define CHECK_ERR(exc, msg, what)                                           \
    do {                                                                    \
        CHECK(PyErr_Occurred() == (exc), what " raises " #exc);             \
        PyErr_Clear();                                                      \
        (void)(msg);                                                        \
    } while (0)

#define CHECK_DONE() (printf("1..%d\n", check_count), check_failed != 0)
#endif
