/*
 * Python.h -- compatibility entry point of pybuffer.
 *
 * Lets C code written for CPython's buffer API keep its `#include <Python.h>`.
 * Only the subset pybuffer implements is declared (see pybuffer.h); code that
 * uses anything else fails to compile rather than failing at run time.
 */
#ifndef PYBUFFER_PYTHON_H
#define PYBUFFER_PYTHON_H

/* Headers CPython's Python.h brings in, which extensions rely on. */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pybuffer.h"

#endif /* PYBUFFER_PYTHON_H */
