/*
 * mysnprintf.c -- PyOS_snprintf and PyOS_vsnprintf (CPython's
 * Python/mysnprintf.c): the C library's vsnprintf with CPython's two
 * guarantees on top. The buffer is always NUL-terminated, even when the
 * platform's vsnprintf would not, and the result is vsnprintf's (the length
 * the whole output needs, excluding the NUL, or negative on an encoding
 * error). A size of INT_MAX - 1 or more, which could overflow that int,
 * writes nothing but the terminator and returns -666, as CPython does.
 *
 * Stricter than CPython, whose checks here are debug-build assertions: a
 * NULL buffer or format writes nothing and returns -1.
 */
#include "Python.h"

#include <limits.h>
#include <stdio.h>

int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va) {
    if (str == NULL || format == NULL)
        return -1;
    int len;
    if (size > INT_MAX - 1) {
        len = -666;
    } else {
        va_list copy;
        va_copy(copy, va);
        len = vsnprintf(str, size, format, copy);
        va_end(copy);
    }
    if (size > 0)
        str[size - 1] = '\0';
    return len;
}

int PyOS_snprintf(char *str, size_t size, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return rc;
}
