/*
 * pyport.h -- portability basics: Py_ssize_t and the hash types, their
 * limits, endianness, and the declaration and attribute macros every other
 * header uses.
 */
#ifndef Py_PYPORT_H
#define Py_PYPORT_H

#include "pyconfig.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#ifdef _WIN32
/* Windows has no ssize_t in MSVC's C runtime: CPython's Py_ssize_t there is
   the pointer-sized signed integer (LLP64: long is only 32 bits). */
typedef intptr_t Py_ssize_t;
#else
#  include <sys/types.h> /* ssize_t */
typedef ssize_t Py_ssize_t;
#endif

/* Integers that hold a pointer (C99's uintptr_t / intptr_t). */
typedef uintptr_t Py_uintptr_t;
typedef intptr_t Py_intptr_t;

typedef Py_ssize_t Py_hash_t;
typedef size_t Py_uhash_t;
/* PY_SSIZE_T_CLEAN is always in force since 3.10; kept for old code. */
typedef Py_ssize_t Py_ssize_clean_t;
#define SIZEOF_PY_HASH_T SIZEOF_SIZE_T
#define SIZEOF_PY_UHASH_T SIZEOF_SIZE_T

/* Usable in #if. SSIZE_MAX is POSIX, hidden in strict ISO C modes, where
   intptr_t's maximum (the same width on every supported target) stands in. */
#ifdef SSIZE_MAX
#  define PY_SSIZE_T_MAX SSIZE_MAX
#else
#  define PY_SSIZE_T_MAX INTPTR_MAX
#endif
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)

/* The long long spellings of older extensions (pyport.h keeps them). */
#ifndef PY_LONG_LONG
#  define PY_LONG_LONG long long
#  define PY_LLONG_MIN LLONG_MIN
#  define PY_LLONG_MAX LLONG_MAX
#  define PY_ULLONG_MAX ULLONG_MAX
#endif

#ifdef WORDS_BIGENDIAN
#  define PY_BIG_ENDIAN 1
#  define PY_LITTLE_ENDIAN 0
#else
#  define PY_BIG_ENDIAN 0
#  define PY_LITTLE_ENDIAN 1
#endif

/* A stdlib-style module built outside CPython (backports of CPython's own
   modules define Py_BUILD_CORE_MODULE) sees Py_BUILD_CORE, as in CPython;
   it is still an extension, importing the API from the library. */
#if defined(Py_BUILD_CORE_BUILTIN) || defined(Py_BUILD_CORE_MODULE)
#  ifndef Py_BUILD_CORE
#    define Py_BUILD_CORE
#  endif
#endif

#ifdef _WIN32
/* Windows: an extension imports the API from pybuffer's DLL (through its
   import library), and data such as _Py_NoneStruct must be declared
   dllimport to be reachable at all. pybuffer's own C files (built with
   Py_BUILD_CORE, as CPython's core is) define or link the symbols directly;
   its build exports them. The module's init function is exported. */
#  if defined(Py_BUILD_CORE) && !defined(Py_BUILD_CORE_MODULE)
#    define PyAPI_FUNC(RTYPE) extern RTYPE
#    define PyAPI_DATA(RTYPE) extern RTYPE
#  else
#    define PyAPI_FUNC(RTYPE) extern __declspec(dllimport) RTYPE
#    define PyAPI_DATA(RTYPE) extern __declspec(dllimport) RTYPE
#  endif
#  ifdef __cplusplus
#    define PyMODINIT_FUNC extern "C" __declspec(dllexport) PyObject *
#  else
#    define PyMODINIT_FUNC __declspec(dllexport) PyObject *
#  endif
#else
#  define PyAPI_FUNC(RTYPE) extern RTYPE
#  define PyAPI_DATA(RTYPE) extern RTYPE
#  ifdef __cplusplus
#    define PyMODINIT_FUNC extern "C" __attribute__((visibility("default"))) PyObject *
#  else
#    define PyMODINIT_FUNC __attribute__((visibility("default"))) PyObject *
#  endif
#endif

/* The fixed-width and long long spellings of CPython's pyport.h, which
   Python-2-era extensions still use. */
#define HAVE_LONG_LONG 1
#ifndef PY_LONG_LONG
#  define PY_LONG_LONG long long
#  define PY_LLONG_MIN LLONG_MIN
#  define PY_LLONG_MAX LLONG_MAX
#  define PY_ULLONG_MAX ULLONG_MAX
#endif
#define PY_UINT32_T uint32_t
#define PY_UINT64_T uint64_t
#define PY_INT32_T int32_t
#define PY_INT64_T int64_t
#define PY_SIZE_MAX SIZE_MAX
/* Every supported compiler shifts signed integers arithmetically. */
#define Py_ARITHMETIC_RIGHT_SHIFT(TYPE, I, J) ((I) >> (J))
#define Py_FORCE_EXPANSION(X) X
/* Kept by CPython for backwards compatibility (bpo-28126). */
#define Py_MEMCPY memcpy

#define Py_LOCAL(type) static type
#define Py_LOCAL_INLINE(type) static inline type
#define Py_LL(x) x##LL
#define Py_ULL(x) Py_LL(x##U)
#define Py_VA_COPY va_copy
/* The casts and null pointer CPython's own inline functions spell, usable
   from C and C++ alike. */
#ifdef __cplusplus
#define _Py_STATIC_CAST(type, expr) static_cast<type>(expr)
#else
#define _Py_STATIC_CAST(type, expr) ((type)(expr))
#endif
#define _Py_CAST(type, expr) ((type)(expr))
#if defined(__cplusplus) && __cplusplus >= 201103
#define _Py_NULL nullptr
#else
#define _Py_NULL NULL
#endif
#if defined(__GNUC__) || defined(__clang__)
#define _Py_HOT_FUNCTION __attribute__((hot))
#else
#define _Py_HOT_FUNCTION
#endif
#if defined(__GNUC__) || defined(__clang__)
#define Py_ALIGNED(x) __attribute__((aligned(x)))
#define Py_NO_INLINE __attribute__((noinline))
#else
#define Py_ALIGNED(x)
#define Py_NO_INLINE
#endif

/* Marks the declaration of a CPython function this library cannot provide,
   because the objects it takes can never exist here (frames, weak
   references) or the interpreter state it reads is absent (the sys
   module). Such functions are declared without PyAPI_FUNC and not defined:
   code that merely names them compiles (pythoncapi_compat.h defines unused
   inline wrappers around them), while a call that gets compiled fails at
   compile time with `message` (where the compiler has the error
   attribute; elsewhere it fails to link). */
#if defined(__has_attribute)
#  if __has_attribute(error)
#    define _Pyb_UNAVAILABLE(message) __attribute__((error(message)))
#  endif
#endif
#ifndef _Pyb_UNAVAILABLE
#  define _Pyb_UNAVAILABLE(message)
#endif

/* Py_GCC_ATTRIBUTE((format(printf, 1, 2))): a GCC attribute, or nothing. */
#if defined(__GNUC__) || defined(__clang__)
#  define Py_GCC_ATTRIBUTE(x) __attribute__(x)
#else
#  define Py_GCC_ATTRIBUTE(x)
#endif

#if defined(__GNUC__) || defined(__clang__)
#  define Py_ALWAYS_INLINE __attribute__((always_inline))
#  define Py_DEPRECATED(VERSION_UNUSED) __attribute__((__deprecated__))
#  define _Py_NO_RETURN __attribute__((__noreturn__))
#else
#  define Py_ALWAYS_INLINE
#  define Py_DEPRECATED(VERSION_UNUSED)
#  define _Py_NO_RETURN
#endif

/* Narrows VALUE from type WIDE to type NARROW (CPython checks the round trip
   only in debug builds). */
#define Py_SAFE_DOWNCAST(VALUE, WIDE, NARROW) ((NARROW)(VALUE))

/* Whether threads are supported: always, since 3.7, but CPython's pyport.h
   still defines the macro for the extensions that test it before using
   PyThread locks or releasing the GIL (fastcache, pylzma, zstd, ...). */
#ifndef WITH_THREAD
#  define WITH_THREAD
#endif

/* The largest value of the Windows DWORD type. */
#define PY_DWORD_MAX 4294967295U

#endif /* !Py_PYPORT_H */
