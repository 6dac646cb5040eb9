/*
 * patchlevel.h -- the CPython version pybuffer's C API follows.
 *
 * Extensions test these (`#if PY_VERSION_HEX >= 0x030b0000`,
 * `#if PY_MAJOR_VERSION >= 3`) to pick code paths; without them every such
 * test would silently select the Python 2 or oldest branch. The micro
 * version is the 3.11 release the differential tests run against.
 */
#ifndef Py_PATCHLEVEL_H
#define Py_PATCHLEVEL_H

/* Values of PY_RELEASE_LEVEL. */
#define PY_RELEASE_LEVEL_ALPHA 0xA
#define PY_RELEASE_LEVEL_BETA 0xB
#define PY_RELEASE_LEVEL_GAMMA 0xC /* release candidate */
#define PY_RELEASE_LEVEL_FINAL 0xF

#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION 11
#define PY_MICRO_VERSION 7
#define PY_RELEASE_LEVEL PY_RELEASE_LEVEL_FINAL
#define PY_RELEASE_SERIAL 0

#define PY_VERSION "3.11.7"

/* The version packed into one number, 0x030b07f0 for 3.11.7 final, for
   numeric comparisons in #if. */
#define PY_VERSION_HEX ((PY_MAJOR_VERSION << 24) | \
                        (PY_MINOR_VERSION << 16) | \
                        (PY_MICRO_VERSION << 8) |  \
                        (PY_RELEASE_LEVEL << 4) |  \
                        (PY_RELEASE_SERIAL << 0))

/* pybuffer's own version. */
#define PYBUFFER_VERSION "0.1.0"

#endif /* !Py_PATCHLEVEL_H */
