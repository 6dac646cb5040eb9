/*
 * Python.h -- entry point of pybuffer's C API.
 *
 * C code written for CPython 3.11 keeps its `#include <Python.h>`. Only the
 * subset pybuffer implements is declared; code that uses anything else fails
 * to compile rather than failing at run time. The headers are named and
 * included in the order of CPython's, so each can be compared with its
 * CPython counterpart (and included on its own):
 *
 *   patchlevel.h      PY_VERSION, PY_VERSION_HEX, PY_MAJOR_VERSION, ...
 *   pyconfig.h        SIZEOF_*, HAVE_*, WORDS_BIGENDIAN
 *   pyport.h          Py_ssize_t, Py_hash_t, PY_SSIZE_T_MAX, PyAPI_FUNC, ...
 *   pymacro.h         Py_MIN, Py_STRINGIFY, Py_UNUSED, PyDoc_STRVAR, ...
 *   pymath.h          Py_MATH_PI, Py_IS_NAN, Py_HUGE_VAL, Py_NAN, ...
 *   pyctype.h         Py_ISDIGIT, Py_TOLOWER (ASCII classes and case)
 *   pymem.h           PyMem_Malloc and friends; cpython/pymem.h the
 *                     allocators of each domain (PyMem_SetAllocator)
 *   pytypedefs.h      forward declarations (PyObject, PyTypeObject, ...)
 *   pybuffer.h        Py_buffer, PyBUF_*, PyObject_GetBuffer, PyBuffer_*
 *   object.h          PyObject, reference counts, PyTypeObject, PyType_*, None
 *   objimpl.h         PyObject_Malloc, PyObject_New, PyObject_Init
 *   typeslots.h       Py_tp_* / Py_bf_* slot ids
 *   pyhash.h          _Py_HashBytes, _Py_HashPointer, _PyHASH_* constants
 *   bytearrayobject.h bytearray
 *   bytesobject.h     bytes
 *   unicodeobject.h   str, PyUnicode_FromFormat
 *   longobject.h      int
 *   cpython/longintrepr.h  PyLongObject, its 30-bit digits
 *   boolobject.h      bool, Py_True, Py_False
 *   floatobject.h     float
 *   complexobject.h   complex, Py_complex
 *   memoryobject.h    memoryview
 *   tupleobject.h     tuple
 *   listobject.h      list
 *   dictobject.h      dict
 *   setobject.h       set, frozenset, PySetObject
 *   methodobject.h    PyMethodDef, METH_*
 *   moduleobject.h    PyModuleDef, PyModule_Type, PyModule_Get*
 *   cpython/initconfig.h  PyConfig, PyWideStringList (types; the runtime's
 *                     own from _PyInterpreterState_GetConfig in pystate.h)
 *   pystate.h         PyThreadState, PyGILState_Ensure / Release
 *   genobject.h       generator types, the StopIteration value (no
 *                     generator object can exist)
 *   funcobject.h      staticmethod, classmethod, the function type (no
 *                     function object can exist)
 *   classobject.h     bound methods (PyMethod_New), instancemethod
 *   pyframe.h         PyFrame_* (declared only: no frame can exist)
 *   sliceobject.h     slices (PySlice_New, PySlice_Unpack, ...), Py_Ellipsis
 *   cellobject.h      cells (PyCell_New, PyCell_Get, PyCell_Set)
 *   descrobject.h     PyGetSetDef, descriptor objects, mappingproxy,
 *                     property
 *   warnings.h        PyErr_WarnEx, PyErr_WarnFormat
 *   iterobject.h      the sequence iterator
 *   pyerrors.h        PyExc_*, PyErr_*, Py_FatalError, PyOS_snprintf
 *   pydebug.h         the legacy Py_*Flag variables (Py_OptimizeFlag, ...)
 *   weakrefobject.h   weak references (PyWeakref_*, PyObject_ClearWeakRefs)
 *   rangeobject.h     range and its iterators
 *   cpython/picklebufobject.h  PickleBuffer (PEP 574)
 *   pythread.h        PyThread_* locks, threads and TSS keys
 *   cpython/pytime.h  _PyTime_t and the monotonic / system clocks
 *   codecs.h          Py_hexdigits (no codec registry)
 *   modsupport.h      PyModule_Create, PyModule_Add*
 *   pythonrun.h       PyErr_Print, PyErr_Display
 *   pylifecycle.h     Py_Initialize, Py_Finalize, Py_AtExit, PyOS_setsig
 *   ceval.h           PyEval_SaveThread, Py_BEGIN_ALLOW_THREADS
 *   sysmodule.h       PySys_GetObject, PySys_WriteStdout, PySys_Audit, ... (the sys module)
 *   import.h          PyImport_ImportModule, ... (of already-loaded modules),
 *                     PyImport_AppendInittab
 *   abstract.h        the object, sequence, mapping and iterator protocols
 *   bltinmodule.h     PyMap_Type, PyZip_Type, PyFilter_Type
 *   pycapsule.h       capsules
 *   fileobject.h      PyFile_WriteObject, PyFile_WriteString,
 *                     PyObject_AsFileDescriptor
 *   intrcheck.h       PyOS_InterruptOccurred, PyOS_BeforeFork / AfterFork_*
 *   pystrtod.h        PyOS_string_to_double, PyOS_double_to_string
 *   cpython/pyfpe.h   PyFPE_START_PROTECT / PyFPE_END_PROTECT (empty, as in CPython)
 *   tracemalloc.h     PyTraceMalloc_Track / _Untrack (tracemalloc never traces)
 *   cpython/abstract.h  PyObject_Call*, vectorcall
 */
#ifndef Py_PYTHON_H
#define Py_PYTHON_H

#include "patchlevel.h"
#include "pyconfig.h"

/* The C library headers CPython's Python.h brings in, which extensions rely
   on without including them (pyport.h adds limits.h, math.h, inttypes.h). */
#include <stdlib.h>
#include <stdio.h>
#include <errno.h>
#include <string.h>
#ifdef HAVE_UNISTD_H
#  include <unistd.h>
#endif
#include <stddef.h>
#include <assert.h>
#include <wchar.h>

#include "pyport.h"
#include "pymacro.h"
#include "pymath.h"
#include "pyctype.h"
#include "pymem.h"
#include "pytypedefs.h"
#include "pybuffer.h"
#include "object.h"
#include "objimpl.h"
#include "typeslots.h"
#include "pyhash.h"
#include "bytearrayobject.h"
#include "bytesobject.h"
#include "unicodeobject.h"
#include "longobject.h"
#include "cpython/longintrepr.h"
#include "boolobject.h"
#include "floatobject.h"
#include "complexobject.h"
#include "rangeobject.h"
#include "memoryobject.h"
#include "tupleobject.h"
#include "structseq.h"
#include "listobject.h"
#include "dictobject.h"
#include "setobject.h"
#include "methodobject.h"
#include "moduleobject.h"
#include "cpython/initconfig.h"
#include "pystate.h"
#include "genobject.h"
#include "funcobject.h"
#include "classobject.h"
#include "code.h"
#include "pyframe.h"
#include "traceback.h"
#include "sliceobject.h"
#include "cellobject.h"
#include "genericaliasobject.h"
#include "osmodule.h"
#include "descrobject.h"
#include "warnings.h"
#include "iterobject.h"
#include "enumobject.h"
#include "pyerrors.h"
#include "pydebug.h"
#include "weakrefobject.h"
#include "pythread.h"
#include "cpython/context.h"
#include "cpython/picklebufobject.h"
#include "cpython/pytime.h"
#include "codecs.h"
#include "modsupport.h"
#include "compile.h"
#include "pythonrun.h"
#include "pylifecycle.h"
#include "ceval.h"
#include "sysmodule.h"
#include "import.h"
#include "abstract.h"
#include "bltinmodule.h"
#include "pycapsule.h"
#include "fileobject.h"
#include "intrcheck.h"
#include "pystrtod.h"
#include "pystrcmp.h"
#include "fileutils.h"
#include "cpython/pyfpe.h"
#include "tracemalloc.h"
#include "cpython/abstract.h"

#endif /* !Py_PYTHON_H */
