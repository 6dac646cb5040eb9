/*
 * cpython/longintrepr.h -- the layout of an int: 30-bit digits in uint32_t,
 * least significant first; ob_size is the digit count with the value's
 * sign (0 for zero). As in CPython 3.11, so code that reads the digits
 * directly works.
 */
#ifndef Py_LIMITED_API
#ifndef Py_LONGINTREPR_H
#define Py_LONGINTREPR_H

#include "../object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t digit;
typedef int32_t sdigit;
typedef uint64_t twodigits;
typedef int64_t stwodigits;
#define PyLong_SHIFT 30
#define _PyLong_DECIMAL_SHIFT 9
#define _PyLong_DECIMAL_BASE ((digit)1000000000)
#define PyLong_BASE ((digit)1 << PyLong_SHIFT)
#define PyLong_MASK ((digit)(PyLong_BASE - 1))

struct _longobject {
    PyObject_VAR_HEAD
    digit ob_digit[1];
};

/* An int with room for `size` digits (zeroed) and ob_size = size, for C
   code to fill. */
PyAPI_FUNC(PyLongObject *) _PyLong_New(Py_ssize_t size);
PyAPI_FUNC(PyObject *) _PyLong_Copy(PyLongObject *src);

#ifdef __cplusplus
}
#endif

#endif /* !Py_LONGINTREPR_H */
#endif /* !Py_LIMITED_API */
