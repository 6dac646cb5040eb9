//! The C-visible types and constants, one module per CPython header (as
//! pyo3-ffi does), laid out exactly as CPython 3.11 lays them out on the
//! same platform, so that C code compiled against `include/Python.h` and
//! Rust code agree on every offset.
//!
//! Nothing here has behaviour; the functions live in [`crate::objects`],
//! [`crate::python`] and [`crate::buffer`]. The per-header modules are
//! private and everything is re-exported here (as in pyo3-ffi), so
//! `use crate::ffi::*` brings in the whole C vocabulary without also bringing
//! in module names such as `object` or `pybuffer`.

mod bytearrayobject;
mod bytesobject;
mod complexobject;
mod descrobject;
mod dictobject;
mod floatobject;
mod initconfig;
mod listobject;
mod longobject;
mod methodobject;
mod modsupport;
mod moduleobject;
mod object;
mod pybuffer;
mod pycapsule;
mod pyerrors;
mod pyport;
mod pystate;
mod pythread;
mod setobject;
mod structmember;
mod tupleobject;
mod typeslots;
mod unicodeobject;

pub use bytearrayobject::*;
pub use bytesobject::*;
pub use complexobject::*;
pub use descrobject::*;
pub use dictobject::*;
pub use floatobject::*;
pub use initconfig::*;
pub use listobject::*;
pub use longobject::*;
pub use methodobject::*;
pub use modsupport::*;
pub use moduleobject::*;
pub use object::*;
pub use pybuffer::*;
pub use pycapsule::*;
pub use pyerrors::*;
pub use pyport::*;
pub use pystate::*;
pub use pythread::*;
pub use setobject::*;
pub use structmember::*;
pub use tupleobject::*;
pub use typeslots::*;
pub use unicodeobject::*;
