/*
 * mysnprintf.c -- PyOS_snprintf and PyOS_vsnprintf: C99's snprintf with
 * CPython's guarantees. The output is always NUL-terminated, even when it
 * was truncated, and a size the int result could not describe (above
 * INT_MAX - 1) writes nothing but that terminator and returns -666, as
 * CPython's Python/mysnprintf.c does.
 *
 * A zero `size` only measures, as C99's does. Stricter than CPython, which
 * only asserts it: a NULL `format`, or a NULL `str` with a nonzero `size`,
 * writes nothing and returns -1 rather than crashing.
 */
#include "Python.h"

#include <limits.h>
#include <stdio.h>

int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va)
{
    if (format == NULL || (str == NULL && size > 0))
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

int PyOS_snprintf(char *str, size_t size, const char *format, ...)
{
    va_list va;
    va_start(va, format);
    int rc = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return rc;
}
