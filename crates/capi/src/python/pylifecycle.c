/*
 * pylifecycle.c -- the variadic half of pylifecycle.rs: _Py_FatalErrorFormat,
 * which stable Rust cannot define. The message is formatted with the C
 * library's printf rules, as CPython formats it, then reported by
 * _Py_FatalErrorFunc.
 */
#include "Python.h"

void _Py_FatalErrorFormat(const char *func, const char *format, ...) {
    char stack_buf[512];
    char *message = stack_buf;
    va_list vargs, again;
    va_start(vargs, format);
    va_copy(again, vargs);
    int len = vsnprintf(stack_buf, sizeof stack_buf, format, vargs);
    va_end(vargs);
    if (len >= (int)sizeof stack_buf) {
        char *big = malloc((size_t)len + 1);
        if (big != NULL) {
            vsnprintf(big, (size_t)len + 1, format, again);
            message = big;
        }
    }
    va_end(again);
    if (len < 0) {
        message = "<message not set>";
    }
    /* Never returns, so `big` is not freed. */
    _Py_FatalErrorFunc(func, message);
}
