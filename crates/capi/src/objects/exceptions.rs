//! The exception types (CPython's `Objects/exceptions.c`). Exceptions here
//! are type objects only (no instances); [`Exc`] names them for Rust code.

#![allow(non_upper_case_globals)]

use std::ffi::CStr;
use std::ptr;

use crate::ffi::{Py_TPFLAGS_BASE_EXC_SUBCLASS, PyObject, PyTypeObject, StaticObject};
use crate::objects::typeobject;

/// A pointer to an object, exported to C as `PyObject *` data.
#[repr(transparent)]
#[derive(Debug, Clone, Copy)]
pub struct ObjectPtr(pub *mut PyObject);

// SAFETY: the pointee is an immortal static object; the pointer itself is
// never written after initialisation.
unsafe impl Sync for ObjectPtr {}

const fn exception_type(name: &'static CStr, base: *mut PyTypeObject) -> PyTypeObject {
    let mut ty = PyTypeObject::empty();
    ty.ob_base.ob_base.ob_type = typeobject::PyType_Type.get();
    ty.tp_name = name.as_ptr();
    ty.tp_base = base;
    ty.tp_flags = Py_TPFLAGS_BASE_EXC_SUBCLASS;
    ty
}

macro_rules! exceptions {
    ($( $(#[$doc:meta])* $variant:ident: $static:ident, $export:ident = $name:literal < $base:expr; )*) => {
        $(
            $(#[$doc])*
            pub static $static: StaticObject<PyTypeObject> =
                StaticObject::new(exception_type($name, $base));
            $(#[$doc])*
            #[unsafe(no_mangle)]
            pub static $export: ObjectPtr = ObjectPtr($static.get() as *mut PyObject);
        )*

        /// The exception types pybuffer raises, for Rust callers.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Exc {
            $( $(#[$doc])* $variant, )*
        }

        impl Exc {
            /// The type object C code sees, e.g. `PyExc_BufferError`.
            pub fn type_object(self) -> *mut PyObject {
                match self {
                    $( Exc::$variant => $static.get() as *mut PyObject, )*
                }
            }

            /// Every exception type, for tests and lookups.
            pub const ALL: &'static [Exc] = &[$( Exc::$variant, )*];
        }
    };
}

exceptions! {
    /// `BaseException`.
    BaseException: BASE_EXCEPTION, PyExc_BaseException = c"BaseException" < ptr::null_mut();
    /// `Exception`.
    Exception: EXCEPTION, PyExc_Exception = c"Exception" < BASE_EXCEPTION.get();
    /// `BufferError`.
    BufferError: BUFFER_ERROR, PyExc_BufferError = c"BufferError" < EXCEPTION.get();
    /// `ValueError`.
    ValueError: VALUE_ERROR, PyExc_ValueError = c"ValueError" < EXCEPTION.get();
    /// `TypeError`.
    TypeError: TYPE_ERROR, PyExc_TypeError = c"TypeError" < EXCEPTION.get();
    /// `LookupError`.
    LookupError: LOOKUP_ERROR, PyExc_LookupError = c"LookupError" < EXCEPTION.get();
    /// `IndexError`.
    IndexError: INDEX_ERROR, PyExc_IndexError = c"IndexError" < LOOKUP_ERROR.get();
    /// `KeyError`.
    KeyError: KEY_ERROR, PyExc_KeyError = c"KeyError" < LOOKUP_ERROR.get();
    /// `MemoryError`.
    MemoryError: MEMORY_ERROR, PyExc_MemoryError = c"MemoryError" < EXCEPTION.get();
    /// `ArithmeticError`.
    ArithmeticError: ARITHMETIC_ERROR, PyExc_ArithmeticError = c"ArithmeticError" < EXCEPTION.get();
    /// `OverflowError`.
    OverflowError: OVERFLOW_ERROR, PyExc_OverflowError = c"OverflowError" < ARITHMETIC_ERROR.get();
    /// `ZeroDivisionError`.
    ZeroDivisionError: ZERO_DIVISION_ERROR, PyExc_ZeroDivisionError = c"ZeroDivisionError" < ARITHMETIC_ERROR.get();
    /// `RuntimeError`.
    RuntimeError: RUNTIME_ERROR, PyExc_RuntimeError = c"RuntimeError" < EXCEPTION.get();
    /// `NotImplementedError`.
    NotImplementedError: NOT_IMPLEMENTED_ERROR, PyExc_NotImplementedError = c"NotImplementedError" < RUNTIME_ERROR.get();
    /// `SystemError`.
    SystemError: SYSTEM_ERROR, PyExc_SystemError = c"SystemError" < EXCEPTION.get();
    /// `AttributeError`.
    AttributeError: ATTRIBUTE_ERROR, PyExc_AttributeError = c"AttributeError" < EXCEPTION.get();
    /// `UnicodeError`.
    UnicodeError: UNICODE_ERROR, PyExc_UnicodeError = c"UnicodeError" < VALUE_ERROR.get();
    /// `UnicodeDecodeError`.
    UnicodeDecodeError: UNICODE_DECODE_ERROR, PyExc_UnicodeDecodeError = c"UnicodeDecodeError" < UNICODE_ERROR.get();
    /// `UnicodeEncodeError`.
    UnicodeEncodeError: UNICODE_ENCODE_ERROR, PyExc_UnicodeEncodeError = c"UnicodeEncodeError" < UNICODE_ERROR.get();
    /// `struct.error`, raised by `PyBuffer_SizeFromFormat` as CPython's
    /// `struct.calcsize` raises it. CPython exports no C symbol for it; ours
    /// is `PyExc_StructError`.
    StructError: STRUCT_ERROR, PyExc_StructError = c"struct.error" < EXCEPTION.get();
}

impl Exc {
    /// The type's name as Python prints it, e.g. `"BufferError"`.
    pub fn name(self) -> &'static str {
        // SAFETY: every exception type is a static with a static C-string name.
        unsafe { type_name(self.type_object()) }
    }
}

/// The `tp_name` of the type object `ty`.
///
/// # Safety
/// `ty` must point to a live type object whose name outlives `'static` (true
/// for the static exception types) or whose name the caller copies at once.
pub(crate) unsafe fn type_name(ty: *mut PyObject) -> &'static str {
    // SAFETY: per the contract, `ty` is a live type object.
    let name = unsafe { (*(ty as *mut PyTypeObject)).tp_name };
    if name.is_null() {
        return "<unnamed>";
    }
    // SAFETY: tp_name is a NUL-terminated string that outlives the type.
    unsafe { CStr::from_ptr(name) }
        .to_str()
        .unwrap_or("<non-utf8>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struct_error_name() {
        assert_eq!(Exc::StructError.name(), "struct.error");
    }
}
