/*
 * pymath.h -- mathematical constants and float classification, as CPython
 * 3.11 spells them: Py_MATH_PI / Py_MATH_E / Py_MATH_TAU (and long double
 * forms), Py_IS_NAN / Py_IS_INFINITY / Py_IS_FINITE, Py_HUGE_VAL and
 * Py_NAN. (Py_INFINITY is newer than 3.11 and is not defined here either.)
 */
#ifndef Py_PYMATH_H
#define Py_PYMATH_H

#include <math.h>

#ifndef Py_MATH_PIl
#define Py_MATH_PIl 3.1415926535897932384626433832795029L
#endif
#ifndef Py_MATH_PI
#define Py_MATH_PI 3.14159265358979323846
#endif
#ifndef Py_MATH_El
#define Py_MATH_El 2.7182818284590452353602874713526625L
#endif
#ifndef Py_MATH_E
#define Py_MATH_E 2.7182818284590452354
#endif
/* 2 pi, to 40 digits. */
#ifndef Py_MATH_TAU
#define Py_MATH_TAU 6.2831853071795864769252867665590057683943L
#endif

/* 1 when the float or double argument is a NaN / an infinity / neither. */
#define Py_IS_NAN(X) isnan(X)
#define Py_IS_INFINITY(X) isinf(X)
#define Py_IS_FINITE(X) isfinite(X)

/* A positive double infinity. */
#ifndef Py_HUGE_VAL
#define Py_HUGE_VAL HUGE_VAL
#endif

/* A quiet NaN, as a double. */
#ifndef Py_NAN
#if defined(__has_builtin)
#if __has_builtin(__builtin_nan)
#define Py_NAN (__builtin_nan(""))
#endif
#endif
#ifndef Py_NAN
#define Py_NAN ((double)NAN)
#endif
#endif

#endif /* !Py_PYMATH_H */
