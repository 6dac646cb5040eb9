/*
 * pyconfig.h -- what CPython's configure would record about the platform.
 *
 * CPython generates this file when it is built; pybuffer's headers are
 * compiled for whatever target the extension is built for, so the sizes come
 * from the compiler's predefined __SIZEOF_*__ macros (GCC and Clang, which
 * the rest of the headers require too). A HAVE_* macro is defined only where
 * it holds on every target these headers support.
 */
#ifndef Py_PYCONFIG_H
#define Py_PYCONFIG_H

/* The feature-test macros CPython's configure records in pyconfig.h on
   every Unix it builds for, in the same form: extensions that include
   Python.h first rely on them for strdup, pthread and other POSIX/GNU
   declarations. As in CPython, the first six yield to an earlier
   definition and the rest do not (a different earlier value draws the
   compiler's redefinition warning, as it does against CPython). */
#if defined(__unix__) || defined(__APPLE__)
#  ifndef _ALL_SOURCE
#    define _ALL_SOURCE 1
#  endif
#  ifndef _GNU_SOURCE
#    define _GNU_SOURCE 1
#  endif
#  ifndef _POSIX_PTHREAD_SEMANTICS
#    define _POSIX_PTHREAD_SEMANTICS 1
#  endif
#  ifndef _TANDEM_SOURCE
#    define _TANDEM_SOURCE 1
#  endif
#  ifndef __EXTENSIONS__
#    define __EXTENSIONS__ 1
#  endif
#  define _DARWIN_C_SOURCE 1
#  define _FILE_OFFSET_BITS 64
#  define _LARGEFILE_SOURCE 1
#  define _NETBSD_SOURCE 1
#  define _POSIX_C_SOURCE 200809L
#  define _XOPEN_SOURCE 700
#  define _XOPEN_SOURCE_EXTENDED 1
#  define __BSD_VISIBLE 1
#endif

#if !defined(__SIZEOF_INT__) || !defined(__SIZEOF_POINTER__)
#  error "pybuffer's headers need GCC or Clang (the __SIZEOF_*__ macros)"
#endif

#define SIZEOF_SHORT __SIZEOF_SHORT__
#define SIZEOF_INT __SIZEOF_INT__
#define SIZEOF_LONG __SIZEOF_LONG__
#define SIZEOF_LONG_LONG __SIZEOF_LONG_LONG__
#define SIZEOF_FLOAT __SIZEOF_FLOAT__
#define SIZEOF_DOUBLE __SIZEOF_DOUBLE__
#define SIZEOF_LONG_DOUBLE __SIZEOF_LONG_DOUBLE__
#define SIZEOF_SIZE_T __SIZEOF_SIZE_T__
#define SIZEOF_VOID_P __SIZEOF_POINTER__
#define SIZEOF_UINTPTR_T __SIZEOF_POINTER__
#define SIZEOF_WCHAR_T __SIZEOF_WCHAR_T__
/* time_t is a long on every LP64 Unix; elsewhere its width depends on the
   C library's configuration, so it is left undefined. */
#if defined(__LP64__)
#  define SIZEOF_TIME_T 8
#endif
#define SIZEOF__BOOL 1
/* pid_t is a 32-bit int on every Unix these headers support (extensions
   such as psutil pick their PyArg format and PyLong constructor for it from
   this); off_t is 64 bits under the _FILE_OFFSET_BITS set below. */
#if defined(__unix__) || defined(__APPLE__)
#  define SIZEOF_PID_T 4
#  define SIZEOF_OFF_T 8
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#  define WORDS_BIGENDIAN 1
#endif

#define HAVE_ERRNO_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_LONG_DOUBLE 1
#define HAVE_SSIZE_T 1
#define HAVE_STDDEF_H 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_SYS_TYPES_H 1
#define HAVE_WCHAR_H 1
/* Every C compiler has had <stdarg.h> prototypes; extensions written for
   older CPythons test this to pick va_start's two-argument form. */
#define HAVE_STDARG_PROTOTYPES 1
#if defined(__unix__) || defined(__APPLE__)
#  define HAVE_UNISTD_H 1
#endif

/* Windows (LLP64: SIZEOF_LONG is 4, from __SIZEOF_LONG__ above). The names
   CPython's PC/pyconfig.h defines, which extensions test; MSVC's C runtime
   has no ssize_t (mingw-w64's has). Compile with clang or clang-cl: the
   headers need the __SIZEOF_*__ macros, which cl.exe lacks. */
#ifdef _WIN32
#  define MS_WINDOWS
#  define NT_THREADS
#  ifdef _WIN64
#    define MS_WIN64
#  endif
#  ifdef _MSC_VER
#    undef HAVE_SSIZE_T
#  endif
#endif

/* Cython's configuration switches (each #ifndef-guarded in the
   ModuleSetupCode of the C it generates, 0.29 and 3.x alike), preset for
   the CPython internals pybuffer does not have; an extension's own -D
   still wins. Every other switch keeps Cython's CPython default: the
   PyLongObject digits (longintrepr.h), PyListObject / PyTupleObject
   ob_item, the compact str layout, ma_version_tag and the full
   PyTypeObject match CPython 3.11's. See the README ("Cython").
   The thread state has CPython's curexc_* and exc_info fields (an
   extension built against CPython's headers uses them in place), but here
   they are the thread's only while a thread state is current on it:
   pybuffer's buffer functions also fail without the GIL, into a
   per-thread block that PyErr_Occurred() reads and tstate->curexc_type
   does not. So Cython is told to use the functions. */
#ifndef CYTHON_FAST_THREAD_STATE
#  define CYTHON_FAST_THREAD_STATE 0
#endif
#ifndef CYTHON_USE_EXC_INFO_STACK
#  define CYTHON_USE_EXC_INFO_STACK 0
#endif
/* Cython 0.29 and 3.0 register their generator and coroutine types with
   collections.abc by running Python source (PyRun_String), which needs an
   interpreter; there is no collections.abc here either (CPython's import
   of it failing skips the registration too). 3.1 and later do not. */
#ifndef CYTHON_REGISTER_ABCS
#  define CYTHON_REGISTER_ABCS 0
#endif

#endif /* !Py_PYCONFIG_H */
