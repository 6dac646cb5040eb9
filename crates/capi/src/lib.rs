//! # pybuffer-capi
//!
//! CPython's buffer protocol (PEP 3118) as a C ABI, without an interpreter.
//!
//! C code written against CPython 3.11's buffer API compiles unchanged against
//! `include/Python.h` and links against this library (`libpybuffer.so` or
//! `libpybuffer.a`). Rust code uses the same machinery through the safe
//! wrappers in [`view`].
//!
//! The modules follow the architecture:
//!
//! * [`ffi`]: the C-visible types (`Py_buffer`, `PyObject`, `PyTypeObject`, …)
//!   and constants (`PyBUF_*`, slot ids, type flags).
//! * [`layout`]: contiguity rules, stride filling, element addressing and the
//!   validation every layout passes before memory is touched.
//! * [`format`]: a parser for the `struct`-module format grammar.
//! * [`copy`]: the copy kernels behind `PyBuffer_ToContiguous`,
//!   `PyBuffer_FromContiguous` and `PyObject_CopyData`.
//! * [`object`]: reference counting, allocation and types (`PyType_FromSpec`).
//! * [`errors`]: exception types and the per-thread error indicator.
//! * [`memoryview`]: the built-in exporter.
//! * [`buffer`]: the `PyObject_GetBuffer` / `PyBuffer_*` C entry points.
//! * [`view`]: a typed, safe Rust wrapper over an acquired `Py_buffer`.
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
pub mod copy;
pub mod errors;
pub mod ffi;
pub mod format;
pub mod layout;
pub mod memoryview;
pub mod module;
pub mod object;
pub mod scalars;
pub mod view;
