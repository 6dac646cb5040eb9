//! The runtime services around the objects, one module per file of
//! CPython's `Python/`: the error indicator (`errors.c`) and module support
//! (`modsupport.c`). Argument parsing (`getargs.c`) belongs here too.

pub mod errors;
pub mod getargs;
pub mod modsupport;
pub(crate) mod object_access;
pub mod va;
