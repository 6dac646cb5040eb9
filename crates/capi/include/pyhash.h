/*
 * pyhash.h -- the hashes CPython's objects use, for extensions that hash
 * the way CPython does: numbers reduced modulo the Mersenne prime 2**61 - 1
 * (with its constants), pointers rotated by 4 bits, bytes with SipHash-1-3
 * and the process's hash secret. Not part of the limited API.
 */
#ifndef Py_PYHASH_H
#define Py_PYHASH_H

#ifdef __cplusplus
extern "C" {
#endif

/* The string hash algorithms CPython can be built with, and the one it uses
   (SipHash-1-3, as 3.11 on 64-bit platforms); short strings are not
   special-cased (a cutoff of 0). */
#define Py_HASH_EXTERNAL 0
#define Py_HASH_SIPHASH24 1
#define Py_HASH_FNV 2
#define Py_HASH_SIPHASH13 3
#define Py_HASH_ALGORITHM Py_HASH_SIPHASH13
#define Py_HASH_CUTOFF 0

#ifndef Py_LIMITED_API
/* hash(float(v)); for a NaN, the hash of `inst` (the object) as CPython 3.10+. */
PyAPI_FUNC(Py_hash_t) _Py_HashDouble(PyObject *inst, double v);
/* hash of a pointer, as object.__hash__: rotated by 4 bits, never -1. */
PyAPI_FUNC(Py_hash_t) _Py_HashPointer(const void *ptr);
/* The same without the -1 check. */
PyAPI_FUNC(Py_hash_t) _Py_HashPointerRaw(const void *ptr);
/* hash(bytes(src[:len])). */
PyAPI_FUNC(Py_hash_t) _Py_HashBytes(const void *src, Py_ssize_t len);

/* The string hash function: `hash` is the raw hash of its input (for a
   non-empty one, what hash(bytes) gives unless that maps -1 to -2),
   SipHash-1-3 under the process's 128-bit key ("siphash13", 64 bits). */
typedef struct {
    Py_hash_t (*const hash)(const void *, Py_ssize_t);
    const char *name;
    const int hash_bits;
    const int seed_bits;
} PyHash_FuncDef;

PyAPI_FUNC(PyHash_FuncDef *) PyHash_GetFuncDef(void);

#define _PyHASH_MULTIPLIER 1000003UL
#define _PyHASH_BITS 61
#define _PyHASH_MODULUS (((size_t)1 << _PyHASH_BITS) - 1)
#define _PyHASH_INF 314159
#define _PyHASH_IMAG _PyHASH_MULTIPLIER
#endif

#ifdef __cplusplus
}
#endif

#endif /* !Py_PYHASH_H */
