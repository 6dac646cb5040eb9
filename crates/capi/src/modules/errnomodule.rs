//! The `errno` module (CPython's `Modules/errnomodule.c`): the platform's
//! error numbers as `E*` constants, and `errorcode`, the dict from number
//! to name. Cython modules and C code import it to compare `OSError.errno`
//! values.
//!
//! The names are those CPython 3.11's module defines on Linux, with the
//! values of the target's C library (from the `libc` crate), added in
//! CPython's order. Where two names share a number (`EAGAIN` and
//! `EWOULDBLOCK`, `EDEADLK` and `EDEADLOCK`, `ENOTSUP` and `EOPNOTSUPP`)
//! `errorcode` keeps the name added last, as CPython's does. The module is
//! made only on Linux and Android, the platforms whose list this is.

use std::ffi::{CStr, c_int};
use std::ptr;

use crate::ffi::*;
use crate::objects::longobject::long_from_i64;
use crate::objects::object::Owned;

// ==========================================================================
// The names
// ==========================================================================

/// `(name, value)` for an error-number constant of the `libc` crate.
macro_rules! E {
    ($name:ident) => {
        (
            // The name with a NUL appended: always a valid C string.
            match CStr::from_bytes_with_nul(concat!(stringify!($name), "\0").as_bytes()) {
                Ok(s) => s,
                Err(_) => panic!("no NUL inside a name"),
            },
            libc::$name,
        )
    };
}

/// Every name of CPython 3.11's module on Linux, in the order CPython adds
/// them (which is `errorcode`'s order, and decides shared numbers).
const CODES: &[(&CStr, c_int)] = &[
    E!(ENODEV),
    E!(ENOCSI),
    E!(EHOSTUNREACH),
    E!(ENOMSG),
    E!(EUCLEAN),
    E!(EL2NSYNC),
    E!(EL2HLT),
    E!(ENODATA),
    E!(ENOTBLK),
    E!(ENOSYS),
    E!(EPIPE),
    E!(EINVAL),
    E!(EOVERFLOW),
    E!(EADV),
    E!(EINTR),
    E!(EUSERS),
    E!(ENOTEMPTY),
    E!(ENOBUFS),
    E!(EPROTO),
    E!(EREMOTE),
    E!(ENAVAIL),
    E!(ECHILD),
    E!(ELOOP),
    E!(EXDEV),
    E!(E2BIG),
    E!(ESRCH),
    E!(EMSGSIZE),
    E!(EAFNOSUPPORT),
    E!(EBADR),
    E!(EHOSTDOWN),
    E!(EPFNOSUPPORT),
    E!(ENOPROTOOPT),
    E!(EBUSY),
    E!(EWOULDBLOCK),
    E!(EBADFD),
    E!(EDOTDOT),
    E!(EISCONN),
    E!(ENOANO),
    E!(ESHUTDOWN),
    E!(ECHRNG),
    E!(ELIBBAD),
    E!(ENONET),
    E!(EBADE),
    E!(EBADF),
    E!(EMULTIHOP),
    E!(EIO),
    E!(EUNATCH),
    E!(EPROTOTYPE),
    E!(ENOSPC),
    E!(ENOEXEC),
    E!(EALREADY),
    E!(ENETDOWN),
    E!(ENOTNAM),
    E!(EACCES),
    E!(ELNRNG),
    E!(EILSEQ),
    E!(ENOTDIR),
    E!(ENOTUNIQ),
    E!(EPERM),
    E!(EDOM),
    E!(EXFULL),
    E!(ECONNREFUSED),
    E!(EISDIR),
    E!(EPROTONOSUPPORT),
    E!(EROFS),
    E!(EADDRNOTAVAIL),
    E!(EIDRM),
    E!(ECOMM),
    E!(ESRMNT),
    E!(EREMOTEIO),
    E!(EL3RST),
    E!(EBADMSG),
    E!(ENFILE),
    E!(ELIBMAX),
    E!(ESPIPE),
    E!(ENOLINK),
    E!(ENETRESET),
    E!(ETIMEDOUT),
    E!(ENOENT),
    E!(EEXIST),
    E!(EDQUOT),
    E!(ENOSTR),
    E!(EBADSLT),
    E!(EBADRQC),
    E!(ELIBACC),
    E!(EFAULT),
    E!(EFBIG),
    E!(EDEADLK),
    E!(ENOTCONN),
    E!(EDESTADDRREQ),
    E!(ELIBSCN),
    E!(ENOLCK),
    E!(EISNAM),
    E!(ECONNABORTED),
    E!(ENETUNREACH),
    E!(ESTALE),
    E!(ENOSR),
    E!(ENOMEM),
    E!(ENOTSOCK),
    E!(ESTRPIPE),
    E!(EMLINK),
    E!(ERANGE),
    E!(ELIBEXEC),
    E!(EL3HLT),
    E!(ECONNRESET),
    E!(EADDRINUSE),
    E!(EOPNOTSUPP),
    E!(EREMCHG),
    E!(EAGAIN),
    E!(ENAMETOOLONG),
    E!(ENOTTY),
    E!(ERESTART),
    E!(ESOCKTNOSUPPORT),
    E!(ETIME),
    E!(EBFONT),
    E!(EDEADLOCK),
    E!(ETOOMANYREFS),
    E!(EMFILE),
    E!(ETXTBSY),
    E!(EINPROGRESS),
    E!(ENXIO),
    E!(ENOPKG),
    E!(ENOMEDIUM),
    E!(EMEDIUMTYPE),
    E!(ECANCELED),
    E!(ENOKEY),
    E!(EKEYEXPIRED),
    E!(EKEYREVOKED),
    E!(EKEYREJECTED),
    E!(EOWNERDEAD),
    E!(ENOTRECOVERABLE),
    E!(ERFKILL),
    E!(ENOTSUP),
];

// ==========================================================================
// The module
// ==========================================================================

/// Makes the `errno` module (a new reference), or NULL with the error.
pub(crate) fn module() -> *mut PyObject {
    // SAFETY: NUL-terminated names; every object is checked before use
    // and owned while used.
    unsafe {
        let Some(m) = Owned::new(crate::objects::moduleobject::PyModule_New(
            c"errno".as_ptr(),
        )) else {
            return ptr::null_mut();
        };
        if crate::objects::moduleobject::PyModule_SetDocString(m.as_ptr(), DOC.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        let Some(errorcode) = Owned::new(crate::objects::dictobject::PyDict_New()) else {
            return ptr::null_mut();
        };
        let add = crate::python::modsupport::PyModule_AddObjectRef;
        if add(m.as_ptr(), c"errorcode".as_ptr(), errorcode.as_ptr()) < 0 {
            return ptr::null_mut();
        }
        for &(name, value) in CODES {
            let Some(num) = Owned::new(long_from_i64(i64::from(value))) else {
                return ptr::null_mut();
            };
            let Some(text) = Owned::new(crate::objects::unicodeobject::PyUnicode_FromString(
                name.as_ptr(),
            )) else {
                return ptr::null_mut();
            };
            if add(m.as_ptr(), name.as_ptr(), num.as_ptr()) < 0
                || crate::objects::dictobject::PyDict_SetItem(
                    errorcode.as_ptr(),
                    num.as_ptr(),
                    text.as_ptr(),
                ) < 0
            {
                return ptr::null_mut();
            }
        }
        m.into_raw()
    }
}

/// CPython's module docstring.
const DOC: &CStr = c"This module makes available standard errno system symbols.\n\nThe value of each symbol is the corresponding integer value,\ne.g., on most systems, errno.ENOENT equals the integer 2.\n\nThe dictionary errno.errorcode maps numeric codes to symbol names,\ne.g., errno.errorcode[2] could be the string 'ENOENT'.\n\nSymbols that are not relevant to the underlying system are not defined.\n\nTo map error codes to error messages, use the function os.strerror(),\ne.g. os.strerror(2) could return 'No such file or directory'.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_shared_numbers_resolve_as_cpython() {
        let mut seen = std::collections::HashSet::new();
        for (name, _) in CODES {
            assert!(seen.insert(*name), "{name:?} twice");
        }
        let last = |v: c_int| CODES.iter().rev().find(|c| c.1 == v).map(|c| c.0);
        assert_eq!(last(libc::EAGAIN), Some(c"EAGAIN"));
        assert_eq!(last(libc::EDEADLK), Some(c"EDEADLOCK"));
        assert_eq!(last(libc::EOPNOTSUPP), Some(c"ENOTSUP"));
    }
}
