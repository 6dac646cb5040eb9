//! The object model, one module per file of CPython's `Objects/`: the
//! generic object layer and allocation, type objects, the exception types,
//! and the built-in objects extension functions take and return.
//!
//! A new built-in type goes in its own `<name>object.rs` here, named after
//! CPython's `Objects/<name>object.c`, with its C-visible layout in
//! `crate::ffi::<name>object` and its declarations in
//! `include/<name>object.h`.

pub mod r#abstract;
pub mod boolobject;
pub mod bytearrayobject;
pub(crate) mod bytes_methods;
pub mod bytesobject;
pub mod call;
pub mod capsule;
pub mod cellobject;
pub mod classobject;
pub mod codeobject;
pub mod complexobject;
pub mod descrobject;
pub mod dictobject;
pub mod enumobject;
pub mod exceptions;
pub mod fileobject;
pub mod floatobject;
pub mod frameobject;
pub mod funcobject;
pub mod gcmodule;
pub mod genericaliasobject;
pub mod genobject;
pub mod iterobject;
pub mod listobject;
pub mod longobject;
pub mod memoryobject;
pub mod methodobject;
pub mod moduleobject;
pub mod namespaceobject;
pub mod object;
pub mod obmalloc;
pub mod picklebufobject;
pub mod rangeobject;
pub mod setobject;
pub mod sliceobject;
pub(crate) mod stringlib;
pub mod structseq;
pub mod superobject;
pub mod trashcan;
pub mod tupleobject;
pub mod typeobject;
pub mod unicodectype;
pub mod unicodeformat;
pub mod unicodeobject;
mod unicodetype_db;
pub mod weakrefobject;
