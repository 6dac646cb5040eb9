/*
 * pymacro.h -- small general-purpose macros: min/max, stringification,
 * docstrings, compile-time assertions, rounding and alignment.
 */
#ifndef Py_PYMACRO_H
#define Py_PYMACRO_H

#include "pyport.h"

#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x) ((x) < 0 ? -(x) : (x))

#define _Py_XSTRINGIFY(x) #x
/* Expands x before turning it into a string literal. */
#define Py_STRINGIFY(x) _Py_XSTRINGIFY(x)

#define Py_MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

/* The low byte of c as an unsigned char, whatever the signedness of char. */
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))

/* Fails to compile when cond is false: an array of negative size. The _EXPR
   form is an expression of value 0. */
#define Py_BUILD_ASSERT_EXPR(cond) (sizeof(char[1 - 2 * !(cond)]) - 1)
#define Py_BUILD_ASSERT(cond)                \
    do {                                     \
        (void)Py_BUILD_ASSERT_EXPR(cond);    \
    } while (0)

/* Element count of an array (not a pointer). */
#define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))

#define PyDoc_VAR(name) static const char name[]
#define PyDoc_STRVAR(name, str) PyDoc_VAR(name) = PyDoc_STR(str)
#define PyDoc_STR(str) str

/* Rounding and alignment; `a` must be a power of 2. */
#define _Py_SIZE_ROUND_DOWN(n, a) ((size_t)(n) & ~(size_t)((a) - 1))
#define _Py_SIZE_ROUND_UP(n, a) (((size_t)(n) + (size_t)((a) - 1)) & ~(size_t)((a) - 1))
#define _Py_ALIGN_DOWN(p, a) ((void *)((uintptr_t)(p) & ~(uintptr_t)((a) - 1)))
#define _Py_ALIGN_UP(p, a) ((void *)(((uintptr_t)(p) + (uintptr_t)((a) - 1)) & ~(uintptr_t)((a) - 1)))
#define _Py_IS_ALIGNED(p, a) (!((uintptr_t)(p) & (uintptr_t)((a) - 1)))

/* An expression that cannot be assigned to, for macros such as
   PyCell_SET that should not be an lvalue. */
#define _Py_RVALUE(EXPR) ((void)0, (EXPR))

#define Py_UNUSED(name) _unused_ ## name __attribute__((unused))

#if defined(__GNUC__) || defined(__clang__)
#  define Py_UNREACHABLE() __builtin_unreachable()
#else
#  include <stdlib.h>
#  define Py_UNREACHABLE() abort()
#endif

#endif /* !Py_PYMACRO_H */
