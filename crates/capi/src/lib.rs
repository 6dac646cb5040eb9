//! # pybuffer-capi
//!
//! CPython's buffer protocol (PEP 3118) as a C ABI, without an interpreter.
//!
//! C code written against CPython 3.11's buffer API compiles unchanged against
//! `include/Python.h` and links against this library (`libpybuffer.so` or
//! `libpybuffer.a`). Rust code uses the same machinery through the safe
//! wrappers in [`view`].
//!
//! The modules mirror CPython's source tree, so that each file can be
//! compared with its CPython counterpart, and are layered from the C types
//! up:
//!
//! * [`ffi`]: the C-visible types (`Py_buffer`, `PyObject`, `PyTypeObject`,
//!   `PyModuleDef`, …) and constants (`PyBUF_*`, slot ids, type flags), one
//!   module per CPython header. No behaviour.
//! * The object core, like CPython's `Objects/` and `Python/`: [`objects`]
//!   holds reference counting, allocation and the generic object protocol
//!   ([`objects::object`], [`objects::obmalloc`]), types and their readying
//!   ([`objects::typeobject`]), descriptors and function objects
//!   ([`objects::descrobject`], [`objects::methodobject`]), calls
//!   ([`objects::call`]), the exception types ([`objects::exceptions`]) and
//!   one module per built-in type (`int`, `bool`, `float`, `str`, `module`,
//!   capsules, …); [`python`] holds the error indicator
//!   ([`python::errors`]), warnings ([`python::warnings`]), the GIL and
//!   thread states ([`python::ceval_gil`], [`python::pystate`]), OS threads
//!   and locks ([`python::thread`]), `Py_Initialize` and fatal errors
//!   ([`python::pylifecycle`]), argument parsing ([`python::getargs`]),
//!   module support ([`python::modsupport`]), struct members
//!   ([`python::structmember`]) and extension loading
//!   ([`python::import`]). Variadic C functions live in `.c` files
//!   beside the Rust module they complete (`objects/unicodeobject.c`,
//!   `python/errors.c`).
//! * The buffer protocol and its kernels, built on the core: [`layout`]
//!   (contiguity rules, stride filling, element addressing and the
//!   validation every layout passes before memory is touched),
//!   [`format`](mod@format) (the `struct`-module format grammar), [`copy`]
//!   (the kernels behind `PyBuffer_ToContiguous`, `PyBuffer_FromContiguous`
//!   and `PyObject_CopyData`), [`buffer`] (the `PyObject_GetBuffer` /
//!   `PyBuffer_*` C entry points) and [`view`] (a typed, safe Rust wrapper
//!   over an acquired `Py_buffer`). `memoryview`
//!   ([`objects::memoryobject`]) sits on top of these, as CPython's
//!   `memoryobject.c` does.
//!
//! ## Where we are stricter than CPython
//!
//! CPython trusts its callers; many misuse cases crash the interpreter.
//! pybuffer instead returns `-1` (or `NULL`) with an exception set:
//!
//! * NULL `view`, `obj`, `buf`, `indices` or `format` arguments raise
//!   `SystemError` ("bad argument to internal function").
//! * A negative `len` raises `ValueError`.
//! * `PyBuffer_FromContiguous` into a read-only view raises `BufferError`.
//! * An order character other than `'C'`, `'F'` or `'A'` raises `ValueError`
//!   from the functions that return a status.
//! * `PyObject_GetBuffer` checks what every exporter filled in
//!   ([`buffer::check_export`]) and releases and refuses an export that
//!   breaks the rules with `BufferError`.
//! * A view with `ndim` outside `0..=64`, no shape for `ndim > 1`, or a
//!   `len` other than `product(shape) * itemsize` ([`layout::check_view`])
//!   raises `BufferError` or `ValueError` from every entry point that reads
//!   it (`PyBuffer_IsContiguous` returns 0).
//! * `PyBuffer_GetPointer` checks each index against the shape and raises
//!   `IndexError` instead of computing a wild pointer.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

pub mod buffer;
pub mod c_exports;
pub mod copy;
pub mod ffi;
pub mod format;
pub mod layout;
pub mod modules;
pub mod objects;
pub mod python;
pub mod view;
