//! The runtime services around the objects, one module per file of
//! CPython's `Python/`: the error indicator (`errors.c`), module support
//! (`modsupport.c`), the GIL (`ceval_gil.h`), thread states and
//! `PyGILState` (`pystate.c`), OS threads and locks (`thread.c`), and
//! initialisation and fatal errors (`pylifecycle.c`), and warnings
//! (`_warnings.c`). Argument parsing
//! (`getargs.c`) belongs here too.

pub mod ceval_gil;
pub mod errors;
pub mod import;
pub mod modsupport;
pub mod pyhash;
pub mod pylifecycle;
pub mod pystate;
pub mod structmember;
pub mod thread;
pub mod warnings;
