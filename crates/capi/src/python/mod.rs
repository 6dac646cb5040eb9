//! The runtime services around the objects, one module per file of
//! CPython's `Python/`: the `builtins` module (`bltinmodule.c`), the error indicator (`errors.c`), module support
//! (`modsupport.c`), the GIL (`ceval_gil.h`), thread states and
//! `PyGILState` (`pystate.c`), OS threads and locks (`thread.c`), and
//! initialisation and fatal errors (`pylifecycle.c`), the format-spec
//! mini-language (`formatter_unicode.c`), warnings
//! (`_warnings.c`), argument parsing (`getargs.c`, with the `va_list`
//! accessors of `va.c` that every variadic entry point uses), the loading
//! of extension modules (`import.c`), struct members (`structmember.c`)
//! and the clocks (`pytime.c`), `strtoul` with Python's rules
//! (`mystrtoul.c`), `Py_hexdigits` (`codecs.c`), case-blind C-string comparison (`pystrcmp.c`), traceback objects (`traceback.c`), and the recursion checks of `ceval.c`.

pub(crate) mod bltinmodule;
pub mod ceval;
pub mod ceval_gil;
pub(crate) mod clinic;
pub mod codecs;
pub mod context;
pub mod copyreg;
pub mod errors;
pub(crate) mod formatter_unicode;
pub mod getargs;
pub mod import;
pub mod modsupport;
pub mod mystrtoul;
pub(crate) mod object_access;
pub mod pyctype;
pub mod pyhash;
pub mod pylifecycle;
pub mod pystate;
pub mod pystrcmp;
pub mod pystrtod;
pub mod pytime;
pub mod structmember;
pub mod sysmodule;
pub mod thread;
pub mod traceback;
pub mod tracemalloc;
pub mod va;
pub mod warnings;
