//! Reading a C `va_list` from Rust, through the accessors in `va.c`.
//!
//! A variadic C entry point (a trampoline in a `.c` file beside the Rust
//! module that implements it) starts or copies its `va_list` and passes a
//! pointer to it; the Rust side wraps that pointer in a [`VaList`] and pulls
//! each argument with the accessor of the type the format promises. Like
//! `va_arg`, every pull trusts the caller: reading a type other than the one
//! passed is undefined behaviour, which is why each implementation reads
//! exactly what CPython's reads for the same format.

use std::ffi::{c_double, c_int, c_long, c_longlong, c_uint, c_ulong, c_ulonglong, c_void};

use crate::ffi::Py_ssize_t;

unsafe extern "C" {
    fn _Pyb_va_ptr(va: *mut c_void) -> *mut c_void;
    fn _Pyb_va_int(va: *mut c_void) -> c_int;
    fn _Pyb_va_uint(va: *mut c_void) -> c_uint;
    fn _Pyb_va_long(va: *mut c_void) -> c_long;
    fn _Pyb_va_ulong(va: *mut c_void) -> c_ulong;
    fn _Pyb_va_longlong(va: *mut c_void) -> c_longlong;
    fn _Pyb_va_ulonglong(va: *mut c_void) -> c_ulonglong;
    fn _Pyb_va_ssize(va: *mut c_void) -> Py_ssize_t;
    fn _Pyb_va_double(va: *mut c_void) -> c_double;
}

/// A `va_list *` handed over by a C trampoline. It borrows the trampoline's
/// list for the duration of the call that received it.
pub struct VaList {
    raw: *mut c_void,
}

impl VaList {
    /// Wraps the `va_list *` a trampoline passed.
    ///
    /// # Safety
    /// `raw` must point to a started `va_list` that stays valid (and is
    /// read by nothing else) while this value is used.
    pub unsafe fn from_raw(raw: *mut c_void) -> Self {
        VaList { raw }
    }

    /// The next argument as a pointer (any object or function pointer).
    ///
    /// # Safety
    /// The caller passed a pointer here.
    pub unsafe fn ptr<T>(&mut self) -> *mut T {
        // SAFETY: forwarded contract; `raw` is a live va_list per `from_raw`.
        unsafe { _Pyb_va_ptr(self.raw).cast() }
    }

    /// The next argument as an `int` (also `char` and `short`, promoted).
    ///
    /// # Safety
    /// The caller passed an `int` (or narrower) here.
    pub unsafe fn int(&mut self) -> c_int {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_int(self.raw) }
    }

    /// The next argument as an `unsigned int`.
    ///
    /// # Safety
    /// The caller passed an `unsigned int` (or narrower) here.
    pub unsafe fn uint(&mut self) -> c_uint {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_uint(self.raw) }
    }

    /// The next argument as a `long`.
    ///
    /// # Safety
    /// The caller passed a `long` here.
    pub unsafe fn long(&mut self) -> c_long {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_long(self.raw) }
    }

    /// The next argument as an `unsigned long`.
    ///
    /// # Safety
    /// The caller passed an `unsigned long` here.
    pub unsafe fn ulong(&mut self) -> c_ulong {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_ulong(self.raw) }
    }

    /// The next argument as a `long long`.
    ///
    /// # Safety
    /// The caller passed a `long long` here.
    pub unsafe fn longlong(&mut self) -> c_longlong {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_longlong(self.raw) }
    }

    /// The next argument as an `unsigned long long`.
    ///
    /// # Safety
    /// The caller passed an `unsigned long long` here.
    pub unsafe fn ulonglong(&mut self) -> c_ulonglong {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_ulonglong(self.raw) }
    }

    /// The next argument as a `Py_ssize_t`.
    ///
    /// # Safety
    /// The caller passed a `Py_ssize_t` here.
    pub unsafe fn ssize(&mut self) -> Py_ssize_t {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_ssize(self.raw) }
    }

    /// The next argument as a `double` (also `float`, promoted).
    ///
    /// # Safety
    /// The caller passed a `double` or `float` here.
    pub unsafe fn double(&mut self) -> c_double {
        // SAFETY: as `ptr`.
        unsafe { _Pyb_va_double(self.raw) }
    }
}
