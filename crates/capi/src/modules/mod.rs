//! Standard-library extension modules the library implements itself
//! (CPython's `Modules/`), made when C code first imports them.

pub mod binascii;
pub mod datetime;
pub mod zlibmodule;
